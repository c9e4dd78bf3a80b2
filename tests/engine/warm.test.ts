/**
 * Environments kept warm between commands (issue 11): found again by owner
 * and image id, shared safely, cleaned per request, removed by `stop`, and
 * gone by themselves after their idle time.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { DockerEngine } from '../../src/engine/client.js';
import { LABEL, imageTag } from '../../src/lab/environments.js';
import { ENV_NAMES } from '../../src/lab/types.js';
import { agentHash } from '../../src/lab/agent.js';
import { Lab } from '../../src/lab/sandbox.js';
import { WARM, warmContainers } from '../../src/lab/warm.js';
import { fixture } from '../helpers/lab.js';

const engine = new DockerEngine();
const owner = `test-${process.pid}-${Date.now().toString(36)}`;
const warmLab = (idleSeconds = 60) => new Lab({ engine, keepWarm: { idleSeconds, owner } });
const mine = async () => (await engine.listContainers(LABEL.app)).filter((c) => c.labels[WARM.owner] === owner);

afterAll(async () => {
  for (const id of await warmContainers(engine, owner)) await engine.removeContainer(id);
});

describe('warm environments', () => {
  it('every lab image carries the current agent (images build adds it to an older image), so no container compiles it at start', async () => {
    for (const env of ENV_NAMES) expect((await engine.image(imageTag(env)))?.labels[LABEL.agent], env).toBe(agentHash());
  });

  it('a second command reuses the first one\'s container; its leftovers (files, processes) never reach it', async () => {
    const first = warmLab();
    const a = await first.compileAndRun('musl', { sources: fixture('prints-ok') });
    expect(a.run?.exitCode).toBe(0);
    await first.command('musl', ['sh', '-c', 'sleep 300 & echo started']);
    await first.dispose(); // as a command ends
    const left = await mine();
    expect(left.map((c) => c.labels[LABEL.env])).toEqual(['musl']); // still running, warm

    const second = warmLab();
    const ps = await second.command('musl', ['sh', '-c', 'ls /lab; for p in /proc/[0-9]*; do [ -O "$p" ] && cat "$p/comm"; done']);
    expect(ps.stdout).not.toContain('sleep'); // nothing of the first command survives
    expect(ps.stdout.split('\n')).not.toContain(first.session); // its folder went with it
    expect((await mine()).map((c) => c.id)).toEqual(left.map((c) => c.id)); // the same container served it
    await second.dispose();
  });

  it('a discarded compile-and-run (what compare does) leaves no folder behind, with no clean-up request at the end', async () => {
    const first = warmLab();
    const r = await first.compileAndRun('musl', { sources: fixture('prints-ok'), discard: true });
    expect(r.run?.exitCode).toBe(0);
    expect(r.compile.artifact).toBeUndefined(); // nothing of it is kept, so nothing to hand out
    const second = warmLab();
    // asked while the first lab is still open: the folder went with the request itself
    expect((await second.command('musl', ['ls', '-A', '/lab'])).stdout.split('\n')).not.toContain(first.session);
    await Promise.all([first.dispose(), second.dispose()]);
  });

  it('two labs at once on one warm container: every request gets its own answer', async () => {
    const [x, y] = [warmLab(), warmLab()];
    const runs = await Promise.all([
      ...[1, 2, 3].map((i) => x.command('musl', ['sh', '-c', `sleep 0.2; echo x${i}`])),
      ...[1, 2, 3].map((i) => y.command('musl', ['sh', '-c', `echo y${i}`])),
    ]);
    expect(runs.map((r) => r.stdout.trim())).toEqual(['x1', 'x2', 'x3', 'y1', 'y2', 'y3']);
    expect((await mine()).length).toBe(1);
    await Promise.all([x.dispose(), y.dispose()]);
  });

  it('a container made from another image id (an image since rebuilt) is never served', async () => {
    for (const id of await warmContainers(engine, owner)) await engine.removeContainer(id);
    const image = await engine.image(new Lab({ engine }).image('musl'));
    const claims = { [LABEL.app]: '1', [LABEL.session]: 'old', [LABEL.env]: 'musl', [WARM.warm]: '1', [WARM.owner]: owner, [WARM.imageId]: 'sha256:rebuilt-since', [WARM.uid]: '30000', [WARM.agent]: agentHash() };
    const stale = await engine.createContainer({ image: image!.tag, labels: claims, user: '65534:65534', cmd: ['sleep', '60'], memoryBytes: 64 << 20, pidsLimit: 16, nanoCpus: 1e8 });
    const l = warmLab();
    expect((await l.command('musl', ['true'])).exitCode).toBe(0);
    const now = await mine();
    const served = now.filter((c) => c.id !== stale);
    expect(served.length).toBe(1);
    expect(served[0]!.labels[WARM.imageId]).toBe(image!.id);
    await l.dispose();
    await engine.removeContainer(stale);
  });

  it('stop removes them now; an idle one ends by itself, with no musl-lab process around', async () => {
    expect((await warmContainers(engine, owner)).length).toBeGreaterThan(0);
    for (const id of await warmContainers(engine, owner)) await engine.removeContainer(id);
    expect(await mine()).toEqual([]);
    const short = warmLab(2);
    await short.command('glibc', ['true']);
    await short.dispose();
    expect((await mine()).length).toBe(1);
    for (let i = 0; i < 60 && (await mine()).length; i++) await new Promise((r) => setTimeout(r, 250));
    expect(await mine()).toEqual([]);
  });
});
