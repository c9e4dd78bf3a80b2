/**
 * The lab engine against a real Docker engine and the real images, with
 * fixture programs named by their outcome.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ownerLabels } from '../../src/lab/engine.js';
import { LABEL, imageTag } from '../../src/lab/environments.js';
import { parseLibcVersion } from '../../src/lab/images.js';
import { LIMITS } from '../../src/lab/limits.js';
import { sweepLeftovers } from '../../src/lab/sandbox.js';
import type { Artifact, EnvName } from '../../src/lab/types.js';
import { fixture, realLab } from '../helpers/lab.js';

const { engine, lab } = realLab();
const BOTH: EnvName[] = ['glibc', 'musl'];

async function build(env: EnvName, name: string, flags: string[] = []): Promise<Artifact> {
  const r = await lab.compile(env, { sources: fixture(name), flags });
  expect(r.ok, r.diagnostics).toBe(true);
  return r.artifact!;
}

beforeAll(async () => {
  await engine.info(); // fails loudly when no engine answers
});
afterAll(async () => {
  await lab.dispose();
});

describe.each(BOTH)('in %s', (env) => {
  it('prints-ok: compiles with warnings on and exits 0', async () => {
    const c = await lab.compile(env, { sources: fixture('prints-ok') });
    expect(c.ok).toBe(true);
    expect(c.command).toEqual(expect.arrayContaining(['-Wall', '-Wextra']));
    const r = await lab.run(env, c.artifact!);
    expect(r).toMatchObject({ exitCode: 0, signal: null, stdout: 'hello from the lab\n', timedOut: false, truncated: false });
  });

  it('segfaults: reported as SIGSEGV (exit 139), output before the crash kept', async () => {
    const r = await lab.run(env, await build(env, 'segfaults'));
    expect(r.exitCode).toBe(139);
    expect(r.signal).toBe('SIGSEGV');
    expect(r.stdout).toBe('about to write through NULL\n');
    expect(r.stderr).toBe(''); // no "Segmentation fault" from the lab's own shell
  });

  it('compile-error: not ok, with the diagnostic captured', async () => {
    const c = await lab.compile(env, { sources: fixture('compile-error') });
    expect(c.ok).toBe(false);
    expect(c.exitCode).not.toBe(0);
    expect(c.diagnostics).toMatch(/undeclared_variable.*undeclared/);
    expect(c.artifact).toBeUndefined();
  });

  it('hangs: killed by its time limit, and nothing of it is left running', async () => {
    const program = await build(env, 'hangs');
    const r = await lab.run(env, program, { timeoutMs: 1500 });
    expect(r.timedOut).toBe(true);
    expect(r.signal).toBe('SIGKILL');
    // A lower bound only (it ran until its limit, however fast the machine); how soon after the limit it stopped is no pass/fail matter.
    expect(r.durationMs).toBeGreaterThanOrEqual(1000);
    const name = program.path.split('/').pop()!.slice(0, 15); // /proc/PID/comm keeps 15 characters
    const left = await lab.command(env, ['sh', '-c', `cat /proc/[0-9]*/comm 2>/dev/null | grep -cxF '${name}'; true`]);
    expect(left.stdout.trim()).toBe('0');
  });

  it('forks-forever: held by the process limit, and the lab still works afterwards', async () => {
    const r = await lab.run(env, await build(env, 'forks-forever'), { timeoutMs: 3000 });
    expect(r.exitCode === null || r.exitCode !== 0 || r.timedOut).toBe(true);
    const after = await lab.run(env, await build(env, 'prints-ok'));
    expect(after).toMatchObject({ exitCode: 0, stdout: 'hello from the lab\n' });
    // nothing of the bomb is left running in the environment
    const ps = await lab.command(env, ['sh', '-c', 'ls /proc | grep -c "^[0-9]"']);
    expect(Number(ps.stdout.trim())).toBeLessThan(10);
  });

  it('floods-output: capped with a visible marker, memory bounded, program stopped', async () => {
    const before = process.memoryUsage().rss;
    const r = await lab.run(env, await build(env, 'floods-output'));
    expect(r.truncated).toBe(true);
    expect(r.stdout.length).toBeLessThan(LIMITS.keepOutputBytes + 200);
    expect(r.stdout).toMatch(/\[musl-lab: output truncated: kept 65536 of \d+\+? bytes\]\n$/);
    expect(r.stderr).toContain('stopped after');
    expect(r.timedOut).toBe(false);
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
  });

  it('opens-a-socket: there is no network', async () => {
    const r = await lab.run(env, await build(env, 'opens-a-socket'));
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toMatch(/connect failed: (Network is unreachable|Network unreachable)/);
  });

  it('runs learner code as a non-root uid with no capabilities', async () => {
    const r = await lab.command(env, ['sh', '-c', 'id -u; grep -E "^(CapEff|NoNewPrivs)" /proc/self/status']);
    expect(Number(r.stdout.split('\n')[0])).toBeGreaterThanOrEqual(20000);
    expect(r.stdout).toMatch(/CapEff:\s+0000000000000000/);
    expect(r.stdout).toMatch(/NoNewPrivs:\s+1/);
  });

  it('passes stdin, arguments, environment variables and ulimit -s', async () => {
    const r = await lab.command(env, ['sh', '-c', 'read line; echo "$line|$1|$GREETING|$(ulimit -s)"', 'sh', 'arg1'], {
      stdin: 'from stdin\n',
      env: { GREETING: 'hi' },
      ulimits: { stackKiB: 1024 },
    });
    expect(r.stdout).toBe('from stdin|arg1|hi|1024\n');
  });
});

describe('libc identity', () => {
  it('glibc defines __GLIBC__, musl does not', async () => {
    const g = await lab.run('glibc', await build('glibc', 'libc-identity'));
    const m = await lab.run('musl', await build('musl', 'libc-identity'));
    expect(g.stdout).toMatch(/^compiled against glibc 2\.\d+, running glibc 2\.\d+$/m);
    expect(m.stdout).toBe('not glibc (no __GLIBC__ macro)\n');
  });

  it('ldd --version names each libc', async () => {
    const g = await lab.command('glibc', ['sh', '-c', 'ldd --version 2>&1']);
    const m = await lab.command('musl', ['sh', '-c', 'ldd --version 2>&1']);
    expect(parseLibcVersion(g.stdout).libc).toBe('glibc');
    expect(parseLibcVersion(m.stdout)).toMatchObject({ libc: 'musl' });
    expect(Number(parseLibcVersion(m.stdout).version!.split('.')[2])).toBeGreaterThanOrEqual(4); // 1.2.4+
    expect(m.exitCode).toBe(1); // musl's loader exits 1 after --version
  });
});

describe('binary compatibility', () => {
  it('glibc-binary-on-musl: `not found`, exit 127 (the interpreter is missing, not the file)', async () => {
    const a = await build('glibc', 'prints-ok');
    const r = await lab.run('musl', a);
    expect(r.exitCode).toBe(127);
    expect(r.stderr).toMatch(/not found/);
    const file = await lab.transfer(a, 'musl');
    const ls = await lab.command('musl', ['ls', '-l', file.path]);
    expect(ls.exitCode).toBe(0); // the file is there
  });

  it('static-glibc-binary-on-musl: runs', async () => {
    const r = await lab.run('musl', await build('glibc', 'prints-ok', ['-static']));
    expect(r).toMatchObject({ exitCode: 0, stdout: 'hello from the lab\n' });
  });

  it('gcompat or the shim runs a plain glibc hello', async () => {
    const r = await lab.run('musl-gcompat', await build('glibc', 'prints-ok'));
    expect(r).toMatchObject({ exitCode: 0, stdout: 'hello from the lab\n' });
  });

  it('tools run inside an environment: file and readelf show the interpreter', async () => {
    const a = await lab.transfer(await build('glibc', 'prints-ok'), 'musl');
    const f = await lab.command('musl', ['file', a.path]);
    expect(f.stdout).toMatch(/interpreter \/lib64\/ld-linux-x86-64\.so\.2/);
    const m = await build('musl', 'prints-ok');
    const r = await lab.command('musl', ['readelf', '-l', m.path]);
    expect(r.stdout).toMatch(/Requesting program interpreter: \/lib\/ld-musl-x86_64\.so\.1/);
  });
});

describe('tool failures are errors with a next step', () => {
  it('a missing image: image-missing, telling how to build it', async () => {
    const { Lab } = await import('../../src/lab/sandbox.js');
    const other = new Lab({ engine, images: { musl: 'musl-lab/not-built:0' } });
    await expect(other.compile('musl', { sources: fixture('prints-ok') })).rejects.toMatchObject({ kind: 'image-missing', next: expect.stringMatching(/images build/) });
    await other.dispose();
  });
});

describe('containers: labels, disposal, sweeping', () => {
  it('every container carries the lab labels and the environment', async () => {
    const mine = (await engine.listLabContainers()).filter((c) => c.labels[LABEL.session] === lab.session);
    expect(mine.length).toBeGreaterThanOrEqual(2);
    for (const c of mine) expect(c.labels[LABEL.pid]).toBe(String(process.pid));
  });

  it('dispose removes every container of a lab', async () => {
    const { lab: other } = realLab();
    await other.command('musl', ['true']);
    const count = async () => (await engine.listLabContainers()).filter((c) => c.labels[LABEL.session] === other.session).length;
    expect(await count()).toBe(1);
    await other.dispose();
    expect(await count()).toBe(0);
  });

  it('leftovers of a crashed run (owner process gone) are swept; live ones are kept', async () => {
    const dead = { ...ownerLabels('crashed-session'), [LABEL.pid]: '999999999' };
    const id = await engine.createContainer({ image: imageTag('musl'), labels: dead, user: '65534:65534', cmd: ['sleep', '60'], memoryBytes: 64 << 20, pidsLimit: 16, nanoCpus: 1e8 });
    const removed = await sweepLeftovers(engine, (pid) => pid === process.pid);
    expect(removed).toBeGreaterThanOrEqual(1);
    const left = await engine.listLabContainers();
    expect(left.some((c) => c.id === id)).toBe(false);
    expect(left.some((c) => c.labels[LABEL.session] === lab.session)).toBe(true);
  });
});
