/**
 * The real CLI (bin/musl-lab.js) where the world around it misbehaves: a
 * reader that goes away, an engine that never answers or is misnamed.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURES } from '../helpers/lab.js';

const BIN = path.join(import.meta.dirname, '..', '..', 'bin', 'musl-lab.js');
const tmp = await mkdtemp(path.join(os.tmpdir(), 'musl-lab-hard-'));
afterAll(() => rm(tmp, { recursive: true, force: true }));

/** Run the CLI with its stdout a pipe whose reader is already gone (like `| head -0`). */
function withClosedStdout(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('node', [BIN, ...args], { env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy(); // closed before the CLI has even started
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('a reader that went away (EPIPE)', () => {
  it('--help and verify --help end quietly with exit 0', async () => {
    for (const args of [['--help'], ['verify', '--help']]) {
      const r = await withClosedStdout(args);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    }
  });

  it('check and compare keep their usual exit code, with no stack trace', async () => {
    const usual = await execa('node', [BIN, 'check', '/bin/true', '--json'], { reject: false });
    const check = await withClosedStdout(['check', '/bin/true', '--json']);
    expect(check.stderr).toBe('');
    expect(check.code).toBe(usual.exitCode);
    const compare = await withClosedStdout(['compare', path.join(FIXTURES, 'segfaults.c'), '--json']);
    expect(compare.stderr).toBe('');
    expect(compare.code).toBe(0); // the same outcome on both
  });
});

describe('an engine that does not answer, or is misnamed', () => {
  const cli = (args: string[], env: Record<string, string>) =>
    execa('node', [BIN, ...args], { reject: false, env: { NO_COLOR: '1', ...env }, timeout: 60_000 });

  it('a listener that accepts and never answers: compare and doctor stop with a message saying what to check', async () => {
    const held: net.Socket[] = [];
    const silent = net.createServer((s) => void held.push(s)); // accepts, reads, never replies
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const env = { DOCKER_HOST: `tcp://127.0.0.1:${(silent.address() as net.AddressInfo).port}` };
    try {
      const source = path.join(tmp, 'ok.c');
      await writeFile(source, 'int main(void) { return 0; }\n');
      const [c, d] = await Promise.all([cli(['compare', source], env), cli(['doctor'], env)]);
      expect(c.timedOut, 'compare hung').toBe(false);
      expect(c.exitCode).toBe(3);
      expect(c.stderr).toMatch(/accepted the connection but did not answer within \d+ s[\s\S]*next: .*(Docker|Podman) engine/);
      expect(d.timedOut, 'doctor hung').toBe(false);
      expect(d.exitCode).toBe(1);
      expect(d.stdout).toMatch(/engine: .*did not answer/);
    } finally {
      held.forEach((s) => s.destroy());
      silent.close();
    }
  });

  it('DOCKER_HOST=garbage: a classified error whose next step is not "run doctor", inside doctor or out', async () => {
    const d = await cli(['doctor'], { DOCKER_HOST: 'garbage' });
    expect(d.exitCode).toBe(1);
    expect(d.stdout).toMatch(/engine: .*garbage/);
    expect(d.stdout).toMatch(/next: .*DOCKER_HOST/);
    expect(d.stdout).not.toMatch(/next: .*(doctor|MUSL_LAB_DEBUG)/);
    const c = await cli(['compare', path.join(FIXTURES, 'prints-ok.c')], { DOCKER_HOST: 'garbage' });
    expect(c.exitCode).toBe(3);
    expect(c.stderr).not.toMatch(/unexpected|bug in musl-lab|MUSL_LAB_DEBUG/);
    const u = await cli(['doctor'], { DOCKER_HOST: 'tcp://[' });
    expect(u.exitCode).toBe(1);
    expect(u.stdout).toMatch(/engine: .*DOCKER_HOST/);
  });

  it('ssh:// prints no Node deprecation noise', async () => {
    const d = await cli(['doctor'], { DOCKER_HOST: 'ssh://nobody@127.0.0.1:1' });
    expect(d.exitCode).toBe(1);
    expect(d.stderr).not.toMatch(/DeprecationWarning|DEP0/);
  });
});
