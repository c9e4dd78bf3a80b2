/**
 * Reading gdb's report of a crash and classifying it, on gdb output captured
 * in both environments (glibc's gdb in the glibc image, the same gdb on a
 * private loader in the musl image): tests/fixtures/gdb/<env>-<program>.txt,
 * made by running gdbArgs() on tests/fixtures/c/<program>.c (musl-parser:
 * c-src/debug-a-crash/parser.c; *-stack-use-512: c-src/thread-stacks/stack-use.c 512).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { classify } from '../../src/explain/classify.js';
import { fromReport } from '../../src/explain/explain.js';
import { parseFrame, parseGdbReport } from '../../src/explain/gdb-report.js';

const dir = path.join(import.meta.dirname, '..', 'fixtures', 'gdb');
const load = (name: string) => ({
  report: parseGdbReport(readFileSync(path.join(dir, `${name}.txt`), 'utf8')),
  stderr: readFileSync(path.join(dir, `${name}.stderr.txt`), 'utf8'),
});
const explain = (name: string, source: string) => {
  const { report, stderr } = load(name);
  return classify(report, { sources: [source], stderr });
};

describe('parseFrame', () => {
  it('reads a frame with source, one in a library, an inlined one and an unknown one', () => {
    expect(parseFrame('#1  0x00005584bcc3b1f0 in walk (depth=877) at overflows-thread-stack.c:13')).toEqual({ n: 1, pc: '0x5584bcc3b1f0', func: 'walk', file: 'overflows-thread-stack.c', line: 13 });
    expect(parseFrame('#5  0x00007fb881301360 in __chk_fail () from /lib/x86_64-linux-gnu/libc.so.6')).toEqual({ n: 5, pc: '0x7fb881301360', func: '__chk_fail', lib: '/lib/x86_64-linux-gnu/libc.so.6' });
    expect(parseFrame('#8  main (argc=<optimized out>, argv=<optimized out>) at overflows-fortified-buffer.c:10')).toEqual({ n: 8, pc: null, func: 'main', file: 'overflows-fortified-buffer.c', line: 10 });
    expect(parseFrame('#7  0x000055a1b8753086 in strcpy (__dest=0x7ffe73a4d5a8 "@\\326(", __src=<optimized out>) at /usr/include/x86_64-linux-gnu/bits/string_fortified.h:81')).toMatchObject({ func: 'strcpy', file: '/usr/include/x86_64-linux-gnu/bits/string_fortified.h', line: 81 });
    expect(parseFrame('#127 0x0000000000000000 in ?? ()')).toEqual({ n: 127, pc: '0x0', func: '??' });
    expect(parseFrame('Thread 2 "prog" received signal SIGSEGV, Segmentation fault.')).toBeNull();
  });
});

describe('parseGdbReport', () => {
  it.each(['glibc', 'musl'])('%s: a thread overflow: the faulting thread, both ends of a deep backtrace, siginfo, mappings', (env) => {
    const { report: r } = load(`${env}-overflows-thread-stack`);
    expect(r.signal).toBe('SIGSEGV');
    expect(r.thread).toBe(2);
    expect(r.threads.map((t) => t.id)).toEqual([1, 2]);
    expect(r.frames[0]).toMatchObject({ n: 0, func: 'walk', line: 8 });
    expect(r.frames.find((f) => f.func === 'worker')).toMatchObject({ line: 18 });
    expect(r.totalFrames).toBeGreaterThan(100);
    expect(r.siginfo).toMatchObject({ signo: 11, code: 2 });
    expect(r.mappings.some((m) => m.file === '[stack]')).toBe(true);
    expect(r.sp).not.toBeNull();
  });

  it('an explanation is plain JSON (lesson results with explanations are written by verify)', () => {
    const { report, stderr } = load('musl-overflows-thread-stack');
    const e = fromReport('musl', report, { sources: ['overflows-thread-stack.c'], stderr, build: [], command: [], durationMs: 1 });
    expect(JSON.parse(JSON.stringify(e)).frames[0]).toMatchObject({ func: 'walk', pc: expect.stringMatching(/^0x[0-9a-f]+$/) });
  });

  it('a program that did not crash under gdb is not a crash', () => {
    const r = parseGdbReport('hello\n[Inferior 1 (process 12) exited normally]\n@@threads\nNo threads.\n@@bt\nNo stack.\n');
    expect(r).toMatchObject({ signal: null, thread: null, exited: 'exited normally', frames: [] });
    const e = fromReport('musl', r, { sources: ['a.c'], stderr: '', build: [], command: [], durationMs: 1 });
    expect(e.reproduced).toBe(false);
    expect(e.note).toMatch(/did not crash: it exited normally/);
  });
});

describe('classify', () => {
  it('musl: a worker thread running into its guard page is a stack overflow of thread 2, with its stack measured', () => {
    const c = explain('musl-overflows-thread-stack', 'overflows-thread-stack.c');
    expect(c.kind).toBe('stack-overflow');
    expect(c.stackKiB).toBe(131); // musl's 128 KiB default plus the slack of rounding up to whole pages (pthread_getattr_np says the same)
    expect(c.summary).toBe('Stack overflow in thread 2: its stack is about 131 KiB, and the frame of walk() at overflows-thread-stack.c:8 needed more.');
    expect(c.evidence.join('\n')).toMatch(/walk\(\) calls itself/);
  });

  it.each([
    ['musl', 131],
    ['glibc', 252], // 256 KiB (ulimit -s) with the thread's descriptor and TLS at its top
  ])('%s: a 512 KiB array in one frame moves the stack pointer past the guard page; the write from its top hits the guard: still this thread\'s overflow', (env, kib) => {
    const c = explain(`${env}-stack-use-512`, 'stack-use.c');
    expect(c).toMatchObject({ kind: 'stack-overflow', stackKiB: kib });
    expect(c.summary).toBe(`Stack overflow in thread 2: its stack is about ${kib} KiB, and the frame of use_stack() at stack-use.c:18 needed more.`);
    expect(c.evidence.join('\n')).toMatch(/KiB below the guard page: one frame/);
  });

  it('musl: a malloc\'d block next to the thread\'s stack merges into its mapping; the stack is still measured to the thread\'s first frame', () => {
    const { report } = load('musl-parser');
    const guard = report.mappings.find((m) => m.perms === '---p' && m.end - m.start === 0x2000n)!;
    const above = report.mappings.find((m) => m.start === guard.end)!;
    expect(Number(above.end - above.start) / 1024).toBeGreaterThan(136); // the mapping: stack, thread data and the malloc'd input
    const c = classify(report, { sources: ['parser.c'], stderr: '' });
    expect(c).toMatchObject({ kind: 'stack-overflow', stackKiB: 131 });
    expect(c.summary).toMatch(/frame of parse_list\(\) at parser\.c:\d+ needed more/);
  });

  it('a fault in another thread\'s guard page is not this thread\'s stack overflow', () => {
    const text = readFileSync(path.join(dir, 'musl-stack-use-512.txt'), 'utf8')
      // the outermost frame moved to the main thread's stack: the guard is not this thread's
      .replace(/(@@outer[\s\S]*?\$\d+ = \(void \*\) )0x[0-9a-f]+/, '$10x7ffefcd1e000');
    expect(classify(parseGdbReport(text), { sources: ['stack-use.c'], stderr: '' }).kind).toBe('wild-pointer');
  });

  it('glibc with ulimit -s 256: the same overflow, a 256 KiB thread stack', () => {
    const c = explain('glibc-overflows-thread-stack', 'overflows-thread-stack.c');
    expect(c).toMatchObject({ kind: 'stack-overflow', stackKiB: 252 });
    expect(c.summary).toMatch(/^Stack overflow in thread 2: its stack is about 252 KiB/);
  });

  it.each(['glibc', 'musl'])('%s: the main thread overflowing ulimit -s 1024 is a main-thread stack overflow', (env) => {
    const c = explain(`${env}-overflows-main-stack`, 'overflows-main-stack.c');
    expect(c).toMatchObject({ kind: 'stack-overflow', stackKiB: 1024 });
    expect(c.summary).toMatch(/^Stack overflow in the main thread: its stack grew to 1024 KiB .* dive\(\) at overflows-main-stack.c:6/);
  });

  it.each(['glibc', 'musl'])('%s: a write through NULL is a NULL pointer, not a stack overflow', (env) => {
    const c = explain(`${env}-segfaults`, 'segfaults.c');
    expect(c.kind).toBe('null-pointer');
    expect(c.summary).toBe('NULL pointer: main() at segfaults.c:9 used a pointer that is NULL.');
  });

  it('glibc: a fortified strcpy names the check and the line', () => {
    const c = explain('glibc-overflows-fortified-buffer', 'overflows-fortified-buffer.c');
    expect(c.kind).toBe('fortify');
    expect(c.summary).toMatch(/fortify check failed in strcpy\(\): main\(\) at overflows-fortified-buffer.c:10 asked strcpy\(\) to write more bytes/);
    expect(c.evidence.join('\n')).toMatch(/__strcpy_chk\(\).*\n.*buffer overflow detected/);
  });

  it('musl (no fortify): the same overflow smashes the return address; the jump to text is what the evidence shows', () => {
    const c = explain('musl-overflows-fortified-buffer', 'overflows-fortified-buffer.c');
    expect(c.kind).toBe('bad-jump');
    expect(c.evidence.join('\n')).toMatch(/read "ong"/); // the tail of "a name far too long"
  });

  it.each([
    ['glibc', /An assert failed: `items == 4` was false in main\(\) at fails-an-assert.c:9/],
    ['musl', /An assert failed: `items == 4` was false in main\(\) at fails-an-assert.c:9/],
  ])('%s: an assert names the condition', (env, summary) => {
    expect(explain(`${env}-fails-an-assert`, 'fails-an-assert.c').summary).toMatch(summary);
  });

  it('claims nothing without evidence: an unknown abort is not classified', () => {
    const r = parseGdbReport('Program received signal SIGABRT, Aborted.\n@@threads\n* 1    process 9 "prog" 0x1 in ?? ()\n@@bt\n#0  0x0000000000000001 in ?? ()\n@@end\n');
    expect(classify(r, { sources: ['a.c'], stderr: '' }).kind).toBe('unclassified');
  });

  it('a fault in the middle of the heap is not a stack overflow but a wild pointer only if unmapped', () => {
    const text = readFileSync(path.join(dir, 'musl-overflows-thread-stack.txt'), 'utf8')
      // the same report with the fault moved far from the guard page and the stack pointer
      .replace(/^\$3 = \(void \*\) 0x[0-9a-f]+$/m, '$3 = (void *) 0x1234567000');
    const c = classify(parseGdbReport(text), { sources: ['overflows-thread-stack.c'], stderr: '' });
    expect(c.kind).toBe('wild-pointer');
  });
});

describe('one frame bigger than the whole stack (the fault below the guard page)', () => {
  // A glibc-built worker with a 256 KiB array, run under musl's 128 KiB thread stacks: the frame puts the
  // stack pointer below the guard page and the first write faults in memory nothing maps.
  const guard = { start: 0x7f0000100000n, end: 0x7f0000102000n, perms: '---p', file: '' };
  const stack = { start: 0x7f0000102000n, end: 0x7f0000124000n, perms: 'rw-p', file: '' };
  const report = (sp: bigint, addr: bigint, outerSp: bigint | null) => ({
    signal: 'SIGSEGV',
    thread: 2,
    threads: [],
    frames: [{ n: 0, pc: '0x55550000114a', func: 'worker', file: 'big-stack-thread.c', line: 11 }],
    totalFrames: 3,
    siginfo: { signo: 11, code: 1, addr },
    sp,
    outerSp,
    mappings: [guard, stack],
  });

  it('is a stack overflow of that thread, with its stack measured up to the first frame', () => {
    const sp = guard.start - 0x20000n; // 128 KiB below the guard: the frame's locals
    const c = classify(report(sp, sp + 0x10n, 0x7f0000122c00n), { sources: ['big-stack-thread.c'], stderr: '' });
    expect(c.kind).toBe('stack-overflow');
    expect(c.summary).toMatch(/thread 2: its stack is about 131 KiB.*worker\(\) at big-stack-thread\.c:11/);
  });

  it('is not, when the fault is far from the stack pointer (a wild address that happens to be low)', () => {
    const sp = guard.start - 0x20000n;
    const c = classify(report(sp, 0x100000000n, 0x7f0000122c00n), { sources: ['big-stack-thread.c'], stderr: '' });
    expect(c.kind).not.toBe('stack-overflow');
  });

  it('is not, when the first frame is on another stack (another thread\'s guard page just above)', () => {
    const sp = guard.start - 0x20000n;
    const c = classify(report(sp, sp, 0x7fff00000000n), { sources: ['big-stack-thread.c'], stderr: '' });
    expect(c.kind).not.toBe('stack-overflow');
  });
});
