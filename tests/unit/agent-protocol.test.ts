import { describe, expect, it } from 'vitest';
import { type AgentEvent, FrameReader, ReplyBuilder, encodeRequest, requestFields } from '../../src/lab/agent-protocol.js';
import { decodeOutput } from '../../src/lab/bytes.js';

describe('requestFields: a typed request in the keys and order the agent reads', () => {
  it('a run: limits first, then files, stdin, variables, stack, build argv, run argv, drop', () => {
    const fields = requestFields({
      kind: 'run',
      uid: 20001,
      cwd: '/lab/s-run1',
      limits: { nproc: 64, fsizeKiB: 1024, keepBytes: 100, hardBytes: 200, buildMs: 3000, runMs: 2000, stackKiB: 'unlimited' },
      files: [{ name: 'main.c', content: 'int main(void){}' }],
      stdin: 'in',
      env: { LANG: 'C' },
      build: ['gcc', 'main.c'],
      run: ['./a.out', 'x'],
      drop: true,
    });
    expect(fields.map(([k]) => k)).toEqual(['uid', 'cwd', 'nproc', 'fsize_kib', 'keep', 'hard', 'build_ms', 'run_ms', 'f:main.c', 'stdin', 'e:LANG', 'stack_kib', 'b', 'b', 'a', 'a', 'drop']);
    expect(fields.find(([k]) => k === 'stack_kib')?.[1]).toBe('unlimited');
    expect(fields.filter(([k]) => k === 'a').map(([, v]) => v)).toEqual(['./a.out', 'x']);
  });
  it('optional parts are left out, and ping and purge are one field each', () => {
    const keys = requestFields({ kind: 'run', uid: 1, cwd: '/', limits: { nproc: 1, fsizeKiB: 1, keepBytes: 1, hardBytes: 1, buildMs: 1, runMs: 1 }, files: [], env: {}, build: [], run: ['x'], drop: false }).map(([k]) => k);
    expect(keys).not.toContain('stdin');
    expect(keys).not.toContain('stack_kib');
    expect(keys).not.toContain('drop');
    expect(requestFields({ kind: 'ping' })).toEqual([['ping', '1']]);
    expect(requestFields({ kind: 'purge', session: 's1' })).toEqual([['purge', 's1']]);
  });
});

describe('encodeRequest', () => {
  it('length-prefixes every field, so any bytes travel (NUL, newlines, "R" lines)', () => {
    const body = Buffer.from([0xff, 0x00, 0x0a, 0x52, 0x20]);
    const r = encodeRequest('abc', [['uid', '20001'], ['f:main.c', body]]);
    const text = r.toString('latin1');
    expect(text.startsWith('R abc ')).toBe(true);
    const header = text.slice(0, text.indexOf('\n') + 1);
    expect(Number(header.split(' ')[2])).toBe(r.length - header.length);
    expect(r.includes(Buffer.concat([Buffer.from('f:main.c 5\n'), body, Buffer.from('\n')]))).toBe(true);
  });

  it('refuses keys and ids that would break the framing', () => {
    expect(() => encodeRequest('a b', [])).toThrow();
    expect(() => encodeRequest('ok', [['bad key', 'x']])).toThrow();
    expect(() => encodeRequest('ok', [['e:A\nB', 'x']])).toThrow();
  });
});

describe('FrameReader', () => {
  const frames = Buffer.concat([
    Buffer.from('@ready 1\n@id1 uid 4242\n@id1 phase compiling\n@id1 built 0 12.5 0\n@id1 phase running\n@id1 ran 139 700.25 0 0 3\n'),
    Buffer.from('@id1 data out 4 9\n'),
    Buffer.from([0x40, 0x0a, 0xff, 0x00]), // data that looks like a frame start and is not UTF-8
    Buffer.from('@id1 data err 0 0\n@id1 end 0\n'),
  ]);

  function read(chunkSize: number): AgentEvent[] {
    const got: AgentEvent[] = [];
    const r = new FrameReader((e) => got.push(e));
    for (let i = 0; i < frames.length; i += chunkSize) r.push(frames.subarray(i, i + chunkSize));
    return got;
  }

  it('reads the same events whatever the chunking (1 byte, 7 bytes, all at once)', () => {
    const whole = read(frames.length);
    expect(read(1)).toEqual(whole);
    expect(read(7)).toEqual(whole);
    expect(whole.map((e) => e.type)).toEqual(['ready', 'uid', 'phase', 'built', 'phase', 'ran', 'data', 'data', 'end']);
    const out = whole.find((e) => e.type === 'data' && e.stream === 'out');
    expect(out).toMatchObject({ total: 9 });
    expect([...(out as { kept: Buffer }).kept]).toEqual([0x40, 0x0a, 0xff, 0x00]);
    expect(whole.find((e) => e.type === 'ran')).toMatchObject({ status: 139, ms: 700.25, timedOut: false, flooded: false, cpuMs: 3 });
    // the request's own uid, which a cancel kills (each request has a fresh one)
    expect(whole.find((e) => e.type === 'uid')).toEqual({ type: 'uid', id: 'id1', uid: 4242 });
  });

  it('collects one request into a reply', () => {
    const b = new ReplyBuilder();
    let complete = false;
    for (const e of read(frames.length)) complete = b.take(e) || complete;
    expect(complete).toBe(true);
    expect(b.reply.build).toEqual({ status: 0, ms: 12.5, timedOut: false });
    expect(b.reply.run?.status).toBe(139);
    expect(b.reply.out.total).toBe(9);
    expect(b.reply.leftovers).toBe(0);
  });

  it('reports what is not a frame as noise (the agent failing to compile, say)', () => {
    const got: AgentEvent[] = [];
    new FrameReader((e) => got.push(e)).push(Buffer.from('agent.c:1: error: oops\n'));
    expect(got).toEqual([{ type: 'noise', text: 'agent.c:1: error: oops' }]);
  });
});

describe('decodeOutput', () => {
  it('keeps valid UTF-8 exactly (CJK, emoji)', () => {
    expect(decodeOutput(Buffer.from('日本 😀 é'))).toEqual({ text: '日本 😀 é', exact: true });
  });

  it('shows each invalid byte as \\xNN, so 0xff and 0xfe stay different', () => {
    const a = decodeOutput(Buffer.from([0x66, 0xff, 0x00, 0x41, 0xc3]));
    const b = decodeOutput(Buffer.from([0x66, 0xfe, 0x00, 0x41, 0xc3]));
    expect(a).toEqual({ text: 'f\\xff\u0000A\\xc3', exact: false });
    expect(b.text).not.toBe(a.text);
  });

  it('rejects overlong forms and surrogates', () => {
    expect(decodeOutput(Buffer.from([0xc0, 0xaf])).exact).toBe(false);
    expect(decodeOutput(Buffer.from([0xed, 0xa0, 0x80])).exact).toBe(false);
  });
});
