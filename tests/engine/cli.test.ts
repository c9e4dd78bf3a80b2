/**
 * The real CLI (bin/musl-lab.js, built dist/) as a user runs it: exit codes,
 * JSON, human output, errors with a next step, Ctrl-C cleanup.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { DockerEngine } from '../../src/engine/client.js';
import { LABEL } from '../../src/lab/environments.js';
import { FIXTURES } from '../helpers/lab.js';

const BIN = path.join(import.meta.dirname, '..', '..', 'bin', 'musl-lab.js');
const cli = (args: string[], env: Record<string, string> = {}, input?: string) =>
  execa('node', [BIN, ...args], { reject: false, env: { NO_COLOR: '1', ...env }, input, timeout: 120_000 });
const fx = (name: string) => path.join(FIXTURES, `${name}.c`);
const tmp = await mkdtemp(path.join(os.tmpdir(), 'musl-lab-cli-'));
afterAll(async () => {
  await cli(['stop']); // the compares kept their environments warm: nothing stays behind the tests
  await rm(tmp, { recursive: true, force: true });
});

describe('conventions', () => {
  it('--help lists the commands and exit codes; --version prints the package version', async () => {
    const h = await cli(['--help']);
    expect(h.exitCode).toBe(0);
    expect(h.stdout).toMatch(/compare[\s\S]*doctor[\s\S]*images/);
    expect(h.stdout).toMatch(/Exit codes:/);
    const v = await cli(['--version']);
    const pkg = JSON.parse(await readFile(path.join(import.meta.dirname, '..', '..', 'package.json'), 'utf8'));
    expect(v.stdout.trim()).toBe(pkg.version);
    expect((await cli(['compare', '--help'])).stdout).toMatch(/--json/);
  });

  it('bad usage exits 2 with a message', async () => {
    expect((await cli(['compare'])).exitCode).toBe(2);
    const r = await cli(['compare', path.join(tmp, 'missing.c')]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/Cannot read .*missing\.c[\s\S]*next:/);
    expect((await cli(['compare', fx('prints-ok'), '--stack', 'lots'])).exitCode).toBe(2);
    const typo = await cli(['comprae', 'x.c']);
    expect(typo.exitCode).toBe(2);
    expect(typo.stderr).toMatch(/"comprae" is not a musl-lab command. Did you mean `compare`\?/);
  });

  it('an unreachable engine: a clear message with the next step, no stack trace, exit 3 (doctor: 1)', async () => {
    const env = { DOCKER_HOST: `unix://${tmp}/no-such.sock` };
    const c = await cli(['compare', fx('prints-ok')], env);
    expect(c.exitCode).toBe(3);
    expect(c.stderr).toMatch(/Docker is not reachable at unix:\/\/.*no-such\.sock \(DOCKER_HOST\)/);
    expect(c.stderr).toMatch(/next: +Start the engine at unix:\/\/.*no-such\.sock, or unset DOCKER_HOST/); // the way it was chosen decides the step
    expect(c.stderr).not.toMatch(/\n\s+at /);
    const d = await cli(['doctor', '--json'], env);
    expect(d.exitCode).toBe(1);
    expect(JSON.parse(d.stdout)).toMatchObject({ ok: false, checks: [{ name: 'engine', ok: false }] });
  });
});

describe('compare', () => {
  it('--json: a crash on both is the same outcome (exit 0)', async () => {
    const r = await cli(['compare', fx('segfaults'), '--json']);
    expect(r.exitCode).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.differ).toBe(false);
    expect(j.environments.map((e: { run: { signal: string } }) => e.run.signal)).toEqual(['SIGSEGV', 'SIGSEGV']);
    expect(j.environments.map((e: { libc: string }) => e.libc)).toEqual([expect.stringMatching(/^glibc 2\.\d+/), expect.stringMatching(/^musl 1\.2\.\d/)]);
  });

  it('side by side, differences marked, exit 1 when the outcomes differ; NO_COLOR means no escapes', async () => {
    const r = await cli(['compare', fx('libc-identity')]);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toMatch(/glibc \(glibc 2\.\d+\)\s+│ musl \(musl 1\.2\.\d\)/);
    expect(r.stdout).toMatch(/≠ stdout\s+compiled against glibc/);
    expect(r.stdout).toMatch(/differ in: stdout/);
    expect(r.stdout).not.toContain('\x1b[');
  });

  it('--plain (or MUSL_LAB_PLAIN=1) drops box drawing and symbols', async () => {
    for (const r of [await cli(['--plain', 'compare', fx('libc-identity')]), await cli(['compare', fx('libc-identity')], { MUSL_LAB_PLAIN: '1' })]) {
      expect(r.stdout).not.toMatch(/[│≠✓✗]/);
      expect(r.stdout).toMatch(/\* stdout/);
    }
  });

  it('passes program arguments after --, stdin, environment variables and flags', async () => {
    const stdinFile = path.join(tmp, 'in.txt');
    await writeFile(stdinFile, 'typed line\n');
    const r = await cli(['compare', fx('prints-args'), '--json', '--stdin', stdinFile, '--set', 'GREETING=hej', '--flags', '-O2 -static', '--', 'one', '--two']);
    const j = JSON.parse(r.stdout);
    for (const e of j.environments) {
      expect(e.compile.command).toEqual(expect.arrayContaining(['-O2', '-static']));
      expect(e.run.stdout).toBe('arg 1: one\narg 2: --two\nstdin: typed line\nGREETING=hej\n');
      expect(e.run.exitCode).toBe(2);
    }
  });

  it('a compile error is an outcome: shown with the diagnostic, not a tool failure', async () => {
    const r = await cli(['compare', fx('compile-error')]);
    // it compiled on neither side: never "same outcome" and exit 0
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toMatch(/compile\s+failed \(exit 1\)/);
    expect(r.stdout).toMatch(/gcc said[\s\S]*undeclared_variable/);
    expect(r.stdout).toMatch(/compiled on neither glibc nor musl/);
    expect(r.stdout).not.toMatch(/same outcome/);
    const j = await cli(['compare', fx('compile-error'), '--json']);
    expect(j.exitCode).toBe(1);
    expect(JSON.parse(j.stdout)).toMatchObject({ differ: false, neitherCompiled: true });
  });

  it('a command that keeps nothing warm leaves nothing behind: its containers end by themselves after it exits', async () => {
    // It does not wait for their removal (AutoRemove does it once the agent sees its stdin close).
    const child = execa('node', [BIN, 'compare', fx('prints-ok')], { reject: false, env: { NO_COLOR: '1', MUSL_LAB_KEEP_WARM: '0' } });
    const r = await child;
    expect(r.exitCode).toBe(0);
    const engine = new DockerEngine();
    const mine = async () => (await engine.listContainers(LABEL.app)).filter((c) => c.labels[LABEL.pid] === String(child.pid));
    for (let i = 0; i < 100 && (await mine()).length; i++) await new Promise((res) => setTimeout(res, 100));
    expect(await mine()).toEqual([]);
  });

  it('a silent endless loop: progress on a terminal\'s stderr while it runs, nothing in a pipe', async () => {
    const piped = await cli(['compare', fx('hangs'), '--timeout', '2']);
    expect(piped.exitCode).toBe(0); // timed out on both: the same outcome
    expect(piped.stderr).not.toMatch(/running in|\r/);
    // a real terminal (tmux): the line shows during the run and is erased after it
    const session = `musl-lab-cli-progress-${process.pid}`;
    const cmd = `NO_COLOR=1 node ${BIN} compare ${fx('hangs')} --timeout 3 >/dev/null; echo EXITED:$?; sleep 60`;
    const tmux = (...a: string[]) => execa('tmux', a, { reject: false });
    expect((await tmux('new-session', '-d', '-s', session, '-x', '120', '-y', '10', cmd)).exitCode).toBe(0);
    try {
      let seen = '';
      for (let t = Date.now(); Date.now() - t < 20_000 && !/EXITED/.test(seen); await new Promise((r) => setTimeout(r, 100))) {
        const pane = (await tmux('capture-pane', '-p', '-t', session)).stdout;
        if (/musl-lab: running in glibc and musl\.\.\. [12] s \(limit 3 s; Ctrl-C stops\)/.test(pane)) seen += 'PROGRESS ';
        if (/EXITED:0/.test(pane)) seen += `EXITED ${pane.includes('musl-lab: running') ? 'left-over' : 'clean'}`;
      }
      expect(seen).toMatch(/^PROGRESS .*EXITED clean$/);
    } finally {
      await tmux('kill-session', '-t', session);
    }
  });

  it('Ctrl-C removes the lab containers and exits 130', async () => {
    // its own containers (not warm ones of earlier commands): Ctrl-C must remove what this command made
    const child = execa('node', [BIN, 'compare', fx('hangs'), '--timeout', '60'], { reject: false, env: { NO_COLOR: '1', MUSL_LAB_KEEP_WARM: '0' } });
    const engine = new DockerEngine();
    const mine = async () => (await engine.listContainers(LABEL.app)).filter((c) => c.labels[LABEL.pid] === String(child.pid));
    // Wait until the program (compare names it prog) runs in both containers: no fixed sleep, a slow machine just polls longer.
    const quiet = { stdout: () => {}, stderr: () => {} };
    const runningIn = async (id: string) =>
      engine.exec(id, { cmd: ['sh', '-c', 'cat /proc/[0-9]*/comm 2>/dev/null | grep -qx prog'], user: '0' }, quiet).then((r) => r.exitCode === 0, () => false);
    const bothRunning = async () => {
      const cs = (await mine()).filter((c) => c.state === 'running');
      return cs.length === 2 && (await Promise.all(cs.map((c) => runningIn(c.id)))).every(Boolean);
    };
    for (let i = 0; i < 300 && !(await bothRunning()); i++) await new Promise((r) => setTimeout(r, 100));
    expect(await bothRunning()).toBe(true);
    child.kill('SIGINT');
    const r = await child;
    expect(r.exitCode).toBe(130);
    expect(r.stderr).toMatch(/interrupted/);
    expect(r.stderr).not.toMatch(/error:|unexpectedly/); // tearing down on purpose is not a failure
    expect(await mine()).toEqual([]);
  });
});

describe('doctor and images', () => {
  it('doctor --json reports the engine and the libc measured inside each environment', async () => {
    const r = await cli(['doctor', '--json']);
    expect(r.exitCode).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.ok).toBe(true);
    const byEnv = Object.fromEntries(j.environments.map((e: { env: string }) => [e.env, e]));
    expect(byEnv.glibc.measured.libc).toMatch(/^glibc 2\.\d+$/);
    expect(byEnv.musl.measured.libc).toMatch(/^musl 1\.2\.\d$/);
    expect(byEnv['musl-gcompat'].measured.libc).toMatch(/^musl 1\.2\.\d$/);
    expect(byEnv.musl.measured.gcc).toMatch(/^\d+\.\d+/);
    // The glibc environment builds musl programs too (Debian's musl-gcc): the same musl release as the musl environment.
    expect(byEnv.glibc.measured.muslGcc).toMatch(/^musl 1\.2\.\d \(Debian 1\.2\.\d-\S+\)$/);
    expect(byEnv.glibc.measured.muslGcc.split(' ')[1]).toBe(byEnv.musl.measured.libc.split(' ')[1]);
    expect(j.checks.find((c: { name: string }) => c.name === 'musl-gcc')).toMatchObject({ ok: true });
    // The offline musl is upstream's, built from source: doctor says so (Debian's patched musl is never used).
    if (byEnv.musl.build === 'offline') {
      for (const env of ['musl', 'musl-gcompat']) expect(byEnv[env].libcSource).toMatch(/^upstream musl 1\.2\.5 built from source, sha512 verified/);
      const text = await cli(['doctor']);
      expect(text.stdout).toMatch(/musl .*upstream musl 1\.2\.5 built from source/);
    }
  });

  it('images list --json shows the labels of each image', async () => {
    const j = JSON.parse((await cli(['images', 'list', '--json'])).stdout);
    // the on-demand environments are listed after the default ones, and may not be built yet
    expect(j.map((s: { env: string }) => s.env)).toEqual(['glibc', 'musl', 'musl-gcompat', 'toolchains', 'python-musl']);
    expect(j.filter((s: { onDemand?: boolean }) => s.onDemand).map((s: { env: string }) => s.env)).toEqual(['toolchains', 'python-musl']);
    for (const s of j) {
      if (s.onDemand && !s.present) continue;
      expect(s.present).toBe(true);
      expect(s.labels['org.musl-lab.libc']).toMatch(/^(glibc|musl)$/);
      expect(['online', 'offline']).toContain(s.labels['org.musl-lab.build']);
    }
    const list = (await cli(['images', 'list'])).stdout;
    expect(list).toMatch(/^toolchains +musl-lab\/toolchains:\d+ +(glibc .*go version go1\.\d+.*rustc 1\.\d+|not built: on demand)/m);
    if (j.find((s: { env: string }) => s.env === 'musl').labels['org.musl-lab.build'] === 'offline') expect(list).toMatch(/musl-lab\/musl:\d+ .*upstream musl 1\.2\.5 built from source/);
  });

  it('images build reuses present images', async () => {
    const r = await cli(['images', 'build', '--quiet']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/nothing to build/);
  });

  it('images export writes a loadable archive; import loads it back', async () => {
    const file = path.join(tmp, 'musl.tar');
    const e = await cli(['images', 'export', file, '--env', 'musl-gcompat']);
    expect(e.exitCode, e.stderr).toBe(0);
    const list = await execa('tar', ['-tf', file]);
    expect(list.stdout).toMatch(/manifest\.json/);
    const i = await cli(['images', 'import', file]);
    expect(i.exitCode, i.stderr).toBe(0);
    expect((await cli(['images', 'import', path.join(tmp, 'nope.tar')])).exitCode).toBe(2);
  });
});

describe('verify', () => {
  it('--jobs 2 verifies lessons side by side and still reports them in course order, every check passing', async () => {
    const out = path.join(tmp, 'verify-jobs');
    const r = await cli(['verify', '--lesson', 'locale', '--lesson', 'what-is-a-libc', '--jobs', '2', '--out', out]);
    expect(r.exitCode, r.stderr.slice(-2000)).toBe(0);
    const report = JSON.parse(await readFile(path.join(out, 'verify.json'), 'utf8')) as { lessons: { id: string }[]; summary: { checks: number; failed: number } };
    expect(report.lessons.map((l) => l.id)).toEqual(['what-is-a-libc', 'locale']); // the course's order, not the flags'
    expect(report.summary.failed).toBe(0);
    // each experiment and solution check carries its step's sources, in the JSON and the Markdown
    const checks = (report as unknown as { lessons: { checks: { kind: string; step: string; sources?: string[] }[] }[] }).lessons.flatMap((l) => l.checks);
    const withEvidence = checks.filter((c) => c.kind === 'experiment' || c.kind === 'solution passes');
    expect(withEvidence.length).toBeGreaterThan(10);
    for (const c of withEvidence) expect(c.sources?.length, c.step).toBeGreaterThan(0);
    const md = await readFile(path.join(out, 'verify.md'), 'utf8');
    expect(md).toContain('### Sources: what each step rests on');
    expect(md).toContain('musl 1.2.5 src/locale/strcoll.c (__strcoll_l: return strcmp(l, r))');
    // the progress lines too: every what-is-a-libc line before the first locale line
    const lines = r.stderr.split('\n').filter((l) => /what-is-a-libc\/|locale\//.test(l));
    expect(lines.findIndex((l) => l.includes('locale/'))).toBeGreaterThan(lines.findLastIndex((l) => l.includes('what-is-a-libc/')));
    expect((await cli(['verify', '--jobs', '0'])).exitCode).toBe(2);
  }, 600_000);

  it('without --out: results/ in the data folder (never the current folder), and it says where', async () => {
    const home = path.join(tmp, 'verify-home');
    const cwd = path.join(tmp, 'verify-cwd');
    await (await import('node:fs/promises')).mkdir(cwd, { recursive: true });
    const r = await execa('node', [BIN, 'verify', '--lesson', 'what-is-a-libc'], { reject: false, cwd, env: { NO_COLOR: '1', MUSL_LAB_HOME: home }, timeout: 300_000 });
    expect(r.exitCode, r.stderr.slice(-2000)).toBe(0);
    const where = path.join(home, 'results', 'verify.json');
    expect(r.stdout).toContain(`Results written to ${where} and verify.md`);
    expect(JSON.parse(await readFile(where, 'utf8')).summary.failed).toBe(0);
    expect(await (await import('node:fs/promises')).readdir(cwd)).toEqual([]);
  }, 300_000);
});
