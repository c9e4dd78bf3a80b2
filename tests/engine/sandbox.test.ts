/**
 * The lab engine against a real Docker engine and the real images, with
 * fixture programs named by their outcome.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { LABEL, imageTag, ownerLabels } from '../../src/lab/environments.js';
import { parseLibcVersion } from '../../src/images/images.js';
import { LIMITS } from '../../src/lab/limits.js';
import { sweepLeftovers } from '../../src/lab/sweep.js';
import type { PhaseEvent } from '../../src/lab/types.js';
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

  it("hangs: stopped at its wall-clock limit, counted from the program's start, with nothing of the lab in its output and nothing left running", async () => {
    const program = await build(env, 'hangs');
    const r = await lab.run(env, program, { timeoutMs: 1500 });
    expect(r.timedOut).toBe(true);
    expect(r.signal).toBe('SIGKILL');
    // the limit's effect: the program ran until the limit (not stopped early, not run on for the compile budget)
    expect(r.durationMs).toBeGreaterThanOrEqual(1500);
    expect(r.durationMs).toBeLessThan(LIMITS.runTimeoutMs);
    expect(r.stderr).toBe(''); // no "Killed" from a shell of the lab's
    expect(r.stdout).toBe('');
    const name = program.path.split('/').pop()!.slice(0, 15); // /proc/PID/comm keeps 15 characters
    const left = await lab.command(env, ['sh', '-c', `cat /proc/[0-9]*/comm 2>/dev/null | grep -cxF '${name}'; true`]);
    expect(left.stdout.trim()).toBe('0');
  });

  it("a silent endless loop built and run in one request: the run's own limit holds, compile and run timed apart", async () => {
    const { compile, run } = await lab.compileAndRun(env, { sources: fixture('hangs') }, { timeoutMs: 1500 });
    expect(compile.ok).toBe(true);
    expect(compile.durationMs).toBeGreaterThan(0);
    expect(run?.timedOut).toBe(true);
    expect(run!.durationMs).toBeGreaterThanOrEqual(1500);
    expect(run!.durationMs).toBeLessThan(LIMITS.compileTimeoutMs);
    expect(run!.stderr).toBe('');
  });

  it("sleeps-700ms: the run time is the program's own (at least the 700 ms it slept)", async () => {
    const { compile, run } = await lab.compileAndRun(env, { sources: fixture('sleeps-700ms') });
    expect(compile.ok).toBe(true);
    expect(run).toMatchObject({ exitCode: 0, stdout: 'slept\n', timedOut: false });
    expect(run!.durationMs).toBeGreaterThanOrEqual(600);
  });

  it('reports its phases as they happen: queued, compiling, running, then done with the outcome', async () => {
    const seen: PhaseEvent[] = [];
    const { run } = await lab.compileAndRun(env, { sources: fixture('prints-ok') }, {}, { onPhase: (e) => seen.push(e) });
    expect(seen.map((e) => e.phase)).toEqual(['queued', 'compiling', 'running', 'done']);
    expect(seen.every((e) => e.env === env)).toBe(true);
    expect(seen.at(-1)!.outcome).toEqual(run);
    for (let i = 1; i < seen.length; i++) expect(seen[i]!.at).toBeGreaterThanOrEqual(seen[i - 1]!.at);
  });

  it('forks-forever: held by the process limit, and the lab still works afterwards', async () => {
    const r = await lab.run(env, await build(env, 'forks-forever'), { timeoutMs: 3000 });
    // silent, so nothing but the agent's own clock can stop it: stopped at its limit, not at the compile budget
    expect(r.timedOut).toBe(true);
    expect(r.durationMs).toBeGreaterThanOrEqual(3000);
    expect(r.durationMs).toBeLessThan(LIMITS.compileTimeoutMs);
    expect(r.stderr).toBe('');
    const after = await lab.run(env, await build(env, 'prints-ok'));
    expect(after).toMatchObject({ exitCode: 0, stdout: 'hello from the lab\n' });
    // nothing of the bomb is left running in the environment
    const ps = await lab.command(env, ['sh', '-c', 'ls /proc | grep -c "^[0-9]"']);
    expect(Number(ps.stdout.trim())).toBeLessThan(10);
  });

  it('floods-output: kept up to the cap, the rest counted, the program stopped, and no words of the lab in its output', async () => {
    const before = process.memoryUsage().rss;
    const r = await lab.run(env, await build(env, 'floods-output'));
    expect(r.truncated).toBe(true);
    expect(r.flooded).toBe(true);
    expect(Buffer.byteLength(r.stdout)).toBe(LIMITS.keepOutputBytes);
    expect(r.totalBytes!.stdout).toBeGreaterThan(LIMITS.killOutputBytes);
    expect(r.stdout).not.toContain('musl-lab');
    expect(r.stderr).toBe('');
    expect(r.timedOut).toBe(false);
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
  });

  it('bytes stay bytes: stdin ff 00 41 c3 arrives exactly, and invalid output bytes are shown as \\xNN', async () => {
    const r = await lab.command(env, ['od', '-An', '-tx1'], { stdin: Buffer.from([0xff, 0x00, 0x41, 0xc3]) });
    expect(r.stdout.trim().split(/\s+/)).toEqual(['ff', '00', '41', 'c3']);
    const p = await lab.command(env, ['printf', '\\377A']);
    expect(p.stdout).toBe('\\xffA');
    expect(Buffer.from(p.binary!.stdout!, 'base64')).toEqual(Buffer.from([0xff, 0x41]));
  });

  it('learner code cannot reach the agent: no signal, no trace, no write to its channel, nothing left behind', async () => {
    const { compile, run } = await lab.compileAndRun(env, { sources: fixture('attacks-the-agent') });
    expect(compile.ok, compile.diagnostics).toBe(true);
    expect(run!.stdout).toBe(['kill(1, SIGINT): refused', 'ptrace(ATTACH, 1): refused', 'open /proc/1/fd/0: refused', 'open /proc/1/mem: refused', 'write /proc/1/oom_score_adj: refused', 'daemon started'].join('\n') + '\n');
    // the agent survived and the daemon did not: the next run sees no process of the learner but itself
    const ps = await lab.command(env, ['sh', '-c', "cat /proc/[0-9]*/comm 2>/dev/null | grep -cxF 'attacks-the-age'; true"]); // comm keeps 15 characters
    expect(ps.stdout.trim()).toBe('0');
    const again = await lab.run(env, await build(env, 'prints-ok'));
    expect(again).toMatchObject({ exitCode: 0, stdout: 'hello from the lab\n' });
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
    const mine = (await engine.listContainers(LABEL.app)).filter((c) => c.labels[LABEL.session] === lab.session);
    expect(mine.length).toBeGreaterThanOrEqual(2);
    for (const c of mine) expect(c.labels[LABEL.pid]).toBe(String(process.pid));
  });

  it('the agent is root with only SETUID/SETGID; the learner is another uid', async () => {
    const mine = (await engine.listContainers(LABEL.app)).filter((c) => c.labels[LABEL.session] === lab.session);
    const info = await engine.containerInfo(mine[0]!.id);
    expect(info.user).toBe('0:0');
    expect(info.capDrop).toEqual(['ALL']);
    const r = await lab.command('musl', ['sh', '-c', 'id -u; grep -E "^Uid" /proc/1/status']);
    expect(Number(r.stdout.split('\n')[0])).toBeGreaterThanOrEqual(20000);
    expect(r.stdout).toMatch(/Uid:\s+0\s/);
  });

  it('an environment lost during a run (its container killed from outside) is restarted, and the run reported', async () => {
    const { lab: own } = realLab();
    await own.command('musl', ['true']);
    const mine = (await engine.listContainers(LABEL.app)).filter((c) => c.labels[LABEL.session] === own.session);
    const running = own.compileAndRun('musl', { sources: fixture('sleeps-700ms') });
    await new Promise((r) => setTimeout(r, 300));
    await engine.signal(mine[0]!.id, 'SIGKILL');
    const { run } = await running;
    expect(run).toMatchObject({ exitCode: 0, stdout: 'slept\n' });
    const now = (await engine.listContainers(LABEL.app)).filter((c) => c.labels[LABEL.session] === own.session);
    expect(now.map((c) => c.id)).not.toContain(mine[0]!.id);
    await own.dispose();
  });

  it('a lab killed with kill -9 leaves nothing running: its containers end and remove themselves', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', '-e', `
      const { DockerEngine } = await import('./src/engine/client.ts');
      const { Lab } = await import('./src/lab/sandbox.ts');
      const lab = new Lab({ engine: new DockerEngine() });
      await Promise.all([lab.command('glibc', ['true']), lab.command('musl', ['true'])]);
      console.log(lab.session);
      setInterval(() => {}, 1000);
    `], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] });
    const session = await new Promise<string>((resolve) => child.stdout!.once('data', (b: Buffer) => resolve(b.toString().trim())));
    const ofSession = async () => (await engine.listContainers(LABEL.app)).filter((c) => c.labels[LABEL.session] === session);
    expect((await ofSession()).length).toBe(2);
    child.kill('SIGKILL');
    for (let i = 0; i < 100 && (await ofSession()).length; i++) await new Promise((r) => setTimeout(r, 200));
    expect(await ofSession()).toEqual([]); // gone by themselves, without any sweep
  });

  it('dispose removes every container of a lab', async () => {
    const { lab: other } = realLab();
    await other.command('musl', ['true']);
    const count = async () => (await engine.listContainers(LABEL.app)).filter((c) => c.labels[LABEL.session] === other.session).length;
    expect(await count()).toBe(1);
    await other.dispose();
    expect(await count()).toBe(0);
  });

  it('the sweep removes what is dead, and never a live session of another PID namespace or host, a container still starting, or one whose creator\'s clock is wrong', async () => {
    const base = { image: imageTag('musl'), user: '65534:65534', memoryBytes: 64 << 20, pidsLimit: 16, nanoCpus: 1e8 };
    // another musl-lab in another PID namespace: same host name, a pid that means nothing here
    const foreign = { ...ownerLabels('live-elsewhere'), [LABEL.pid]: '999999999', [LABEL.host]: 'another-host' };
    const live = await engine.createContainer({ ...base, labels: foreign, cmd: ['sleep', '60'] });
    const stopped = await engine.createContainer({ ...base, labels: ownerLabels('crashed-session'), cmd: ['true'] });
    // a creator whose clock is two days behind: its label proves nothing, the engine's own time says "new"
    const wrongClock = { ...ownerLabels('wrong-clock'), [LABEL.created]: new Date(Date.now() - LIMITS.maxLabLifetimeMs - 48 * 3600_000).toISOString() };
    const young = await engine.createContainer({ ...base, labels: wrongClock, cmd: ['sleep', '60'] });
    // another command between its create and its start (state "created"), its owner alive elsewhere
    const starting = await engine.createContainer({ ...base, labels: foreign, cmd: ['sleep', '60'] }, { start: false });
    for (let i = 0; i < 50 && (await engine.listContainers(LABEL.app)).find((c) => c.id === stopped)?.state === 'running'; i++) await new Promise((r) => setTimeout(r, 100));
    await sweepLeftovers(engine);
    const left = await engine.listContainers(LABEL.app);
    expect(left.some((c) => c.id === live)).toBe(true);
    expect(left.some((c) => c.id === stopped)).toBe(false);
    expect(left.some((c) => c.id === young)).toBe(true);
    expect(left.find((c) => c.id === starting)?.state).toBe('created');
    expect(left.some((c) => c.labels[LABEL.session] === lab.session)).toBe(true);
    await Promise.all([live, young, starting].map((id) => engine.removeContainer(id)));
  });
});
