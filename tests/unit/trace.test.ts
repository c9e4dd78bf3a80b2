/**
 * strace output as data: traces of tests/fixtures/c/looks-up-a-name.c
 * captured in both environments with straceArgs() (no network in the lab:
 * the lookup fails, after the library has read its configuration).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffSequences, parseStrace, startupLength, summarize } from '../../src/trace/strace.js';

const dir = path.join(import.meta.dirname, '..', 'fixtures', 'strace');
const trace = (env: string) => parseStrace(readFileSync(path.join(dir, `${env}-looks-up-a-name.txt`), 'utf8'));

describe('parseStrace', () => {
  it('reads calls with their result, errno and time, and joins an unfinished call to its resumption', () => {
    const calls = parseStrace(
      [
        '7     10:00:00.000001 openat(AT_FDCWD, "/etc/resolv.conf", O_RDONLY|O_CLOEXEC) = 3 <0.000009>',
        '7     10:00:00.000002 access("/etc/ld.so.preload", R_OK) = -1 ENOENT (No such file or directory) <0.000009>',
        '8     10:00:00.000003 futex(0x7f, FUTEX_WAIT, 0, NULL <unfinished ...>',
        '7     10:00:00.000004 write(1, "x", 1) = 1 <0.000010>',
        '8     10:00:00.000005 <... futex resumed>) = 0 <0.250000>',
        '8     10:00:00.000006 +++ exited with 0 +++',
        '7     10:00:00.000007 exit_group(0)     = ?',
      ].join('\n'),
    );
    expect(calls.map((c) => c.name)).toEqual(['openat', 'access', 'futex', 'write', 'exit_group']);
    expect(calls[0]).toMatchObject({ pid: 7, result: '3', us: 9 });
    expect(calls[1]).toMatchObject({ errno: 'ENOENT' });
    expect(calls[2]).toMatchObject({ pid: 8, result: '0', us: 250000, args: '0x7f, FUTEX_WAIT, 0, NULL' });
  });
});

describe('summarize', () => {
  it.each(['glibc', 'musl'])('%s: the lookup opened /etc/resolv.conf and sent to a name server', (env) => {
    const s = summarize(trace(env));
    expect(s.files.find((f) => f.path === '/etc/resolv.conf')).toMatchObject({ found: true });
    expect(s.network.some((n) => /sendto.*29 bytes/.test(n))).toBe(true);
    expect(s.sequence[0]).not.toMatch(/^(execve|mmap|mprotect)/); // start-up folded away
  });

  it('glibc asks nscd and reads nsswitch.conf; musl does neither', () => {
    const g = summarize(trace('glibc'));
    const m = summarize(trace('musl'));
    expect(g.files.map((f) => f.path)).toEqual(expect.arrayContaining(['/etc/nsswitch.conf', '/etc/host.conf']));
    expect(g.network).toContain('connect to /var/run/nscd/socket → ENOENT');
    expect(m.files.map((f) => f.path)).not.toContain('/etc/nsswitch.conf');
    expect(m.network.join('\n')).not.toMatch(/nscd/);
    expect(m.network).toContain('sendto to 127.0.0.1:53, 29 bytes');
  });

  it('start-up is the loader: glibc opens libc.so.6 itself, musl\'s libc is the loader', () => {
    const g = trace('glibc');
    const m = trace('musl');
    expect(g.slice(0, startupLength(g)).some((c) => c.args.includes('libc.so.6'))).toBe(true);
    expect(m.slice(0, startupLength(m)).every((c) => !c.args.includes('/etc/'))).toBe(true);
    expect(startupLength(m)).toBeLessThan(startupLength(g));
  });
});

describe('diffSequences', () => {
  it('aligns common calls and folds runs', () => {
    expect(diffSequences(['a', 'b', 'b', 'c'], ['a', 'x', 'b', 'b', 'c'])).toEqual([
      { kind: 'same', text: 'a', count: 1 },
      { kind: 'change', left: [], right: ['x'] },
      { kind: 'same', text: 'b', count: 2 },
      { kind: 'same', text: 'c', count: 1 },
    ]);
    expect(diffSequences([], ['y'])).toEqual([{ kind: 'change', left: [], right: ['y'] }]);
  });
});
