/** Issue 21: every refusal of the agent reaches the request that caused it, as the lab's error with its kind. */
import { describe, expect, it } from 'vitest';
import { Agent, agentRefusal } from '../../src/lab/agent.js';
import type { Attached } from '../../src/engine/engine.js';

/** An attach whose agent says what the test makes it say. */
function fakeAttach() {
  let out: (b: Buffer) => void = () => undefined;
  let closed = false;
  const written: Buffer[] = [];
  const attached: Attached = {
    write: (s) => void written.push(Buffer.from(s)),
    onStdout: (f) => void (out = f),
    onStderr: () => undefined,
    onClose: () => undefined,
    close: () => void (closed = true),
  };
  return { attached, say: (s: string) => out(Buffer.from(s)), written, closed: () => closed };
}

const idOf = (b: Buffer) => /^R (\S+) /.exec(b.toString('latin1'))![1]!;

describe('the agent refusing a request', () => {
  it('a header it could not read ("@-") fails the request in flight, and the agent is not used again', async () => {
    const f = fakeAttach();
    const agent = new Agent(f.attached, 'glibc');
    f.say('@ready 2\n');
    const req = agent.request([['uid', '30000']]);
    await new Promise((r) => setImmediate(r));
    f.say('@- error request bad request header\n');
    await expect(req).rejects.toMatchObject({ kind: 'internal', message: expect.stringMatching(/bad request header/) });
    expect(agent.alive).toBe(false);
    expect(f.closed()).toBe(true);
  });

  it('an error under the request\'s own id: a full /lab is disk-full, a too large one bad-input', async () => {
    const f = fakeAttach();
    const agent = new Agent(f.attached, 'musl');
    f.say('@ready 2\n');
    const full = agent.request([['uid', '30000']]);
    await new Promise((r) => setImmediate(r));
    const id = idOf(f.written.at(-1)!);
    f.say(`@${id} error full cannot write a file: No space left on device\n@${id} data diag 0 0\n@${id} data out 0 0\n@${id} data err 0 0\n@${id} end 0\n`);
    await expect(full).rejects.toMatchObject({ kind: 'disk-full' });
    expect(agent.alive).toBe(true);
    expect(agentRefusal('musl', 'too-big /bin/sh: Argument list too long')).toMatchObject({ kind: 'bad-input' });
    expect(agentRefusal('musl', 'request the request is larger than 64 MiB')).toMatchObject({ kind: 'bad-input' });
  });
});
