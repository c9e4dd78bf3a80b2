/**
 * `musl-lab compare --explain` and `--trace` as a user runs them (the real
 * CLI, built dist/, the real engine and images).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURES } from '../helpers/lab.js';

const BIN = path.join(import.meta.dirname, '..', '..', 'bin', 'musl-lab.js');
const home = await mkdtemp(path.join(os.tmpdir(), 'musl-lab-trace-'));
afterAll(() => rm(home, { recursive: true, force: true }));
const cli = (args: string[]) => execa('node', [BIN, ...args], { reject: false, env: { NO_COLOR: '1', MUSL_LAB_HOME: home }, timeout: 120_000 });
const fx = (name: string) => path.join(FIXTURES, `${name}.c`);

describe('compare --explain', () => {
  it('text: the musl side overflowed its thread stack; glibc did not crash and is not explained', async () => {
    const r = await cli(['compare', fx('overflows-thread-stack'), '--flags', '-pthread', '--stack', '8192', '--explain']);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toMatch(/Why did it crash\? \(musl\)/);
    expect(r.stdout).not.toMatch(/Why did it crash\? \(glibc\)/);
    expect(r.stdout).toMatch(/Stack overflow in thread 2: its stack is about 1[23]\d KiB, and the frame of walk\(\) at overflows-thread-stack\.c:\d+ needed more\./);
    expect(r.stdout).toMatch(/> #\d+ +worker\(\) at overflows-thread-stack\.c:18/);
  });

  it('--json: one explanation per side, null where it did not crash; NULL on both is a NULL pointer', async () => {
    const r = await cli(['compare', fx('segfaults'), '--explain', '--json']);
    const j = JSON.parse(r.stdout);
    expect(j.environments.map((e: { env: string }) => e.env)).toEqual(['glibc', 'musl']);
    expect(j.explanations).toHaveLength(2);
    for (const e of j.explanations) {
      expect(e).toMatchObject({ method: 'gdb', reproduced: true, signal: 'SIGSEGV', faultAddress: '0x0', cause: { kind: 'null-pointer' } });
      expect(e.frames[0]).toMatchObject({ function: 'main', file: 'segfaults.c', line: 9 });
    }
    const fine = JSON.parse((await cli(['compare', fx('prints-ok'), '--explain', '--json'])).stdout);
    expect(fine.explanations).toEqual([null, null]);
  });

  it('--explain with --trace is refused with the next step', async () => {
    const r = await cli(['compare', fx('prints-ok'), '--explain', '--trace']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/one at a time/);
  });
});

describe('compare --trace', () => {
  it('a lookup opens /etc/resolv.conf on both sides (no network in the lab); the raw traces are saved where it says', async () => {
    const r = await cli(['compare', fx('looks-up-a-name'), '--trace', '--json']);
    const j = JSON.parse(r.stdout);
    for (const e of j.environments) {
      expect(e.stdout).toBe('getaddrinfo: failed\n');
      expect(e.files).toEqual(expect.arrayContaining([expect.objectContaining({ path: '/etc/resolv.conf', found: true })]));
      expect(e.rawTrace.startsWith(path.join(home, 'traces'))).toBe(true);
      expect(await readFile(e.rawTrace, 'utf8')).toMatch(/open(at)?\((AT_FDCWD, )?"\/etc\/resolv\.conf"/);
    }
    const [glibc, musl] = j.environments;
    expect(glibc.files.map((f: { path: string }) => f.path)).toContain('/etc/nsswitch.conf');
    expect(musl.files.map((f: { path: string }) => f.path)).not.toContain('/etc/nsswitch.conf');
  });

  it('text: files side by side and where the raw traces are', async () => {
    const r = await cli(['compare', fx('prints-ok'), '--trace']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/Calls by count/);
    expect(r.stdout).toMatch(/write/);
    expect(r.stdout).toMatch(/Raw traces[^\n]*\n {2}glibc: .*prints-ok-glibc\.txt\n {2}musl: .*prints-ok-musl\.txt/);
  });
});
