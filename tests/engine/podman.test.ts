/**
 * The real CLI against a real Podman (its Docker-compatible API service), as a
 * Podman user runs it: compare of a hello program and of a crash.
 *
 * Runs only when MUSL_LAB_PODMAN_HOST names Podman's API socket, e.g.
 *   podman system service --time=0 unix:///run/podman-lab.sock &
 *   docker save musl-lab/glibc:5 musl-lab/musl:5 musl-lab/musl-gcompat:5 | podman load
 *   MUSL_LAB_PODMAN_HOST=unix:///run/podman-lab.sock npx vitest run tests/engine/podman.test.ts
 * Podman is an optional second engine (README "Podman"): without the variable
 * the file is skipped, never passed; with it, every test fails if Podman or
 * its images are missing. Docker stays the engine every other test runs on.
 */
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { DockerEngine } from '../../src/engine/client.js';
import { LABEL } from '../../src/lab/environments.js';
import { FIXTURES } from '../helpers/lab.js';

const HOST = process.env.MUSL_LAB_PODMAN_HOST;
const BIN = path.join(import.meta.dirname, '..', '..', 'bin', 'musl-lab.js');
const env = { NO_COLOR: '1', DOCKER_HOST: HOST ?? '', DOCKER_CONTEXT: '' };
const cli = (args: string[]) => execa('node', [BIN, ...args], { reject: false, env, timeout: 120_000 });
const fx = (name: string) => path.join(FIXTURES, `${name}.c`);

interface Side {
  env: string;
  libc: string;
  compile: { ok: boolean };
  run: { exitCode: number; signal: string | null; stdout: string };
}

describe.skipIf(!HOST)('on Podman (MUSL_LAB_PODMAN_HOST)', () => {
  const engine = new DockerEngine({ ...process.env, ...env });
  // the lab containers this file's commands made (their pid label is the CLI's): none may outlive them
  const pids = new Set<string>();
  const compare = async (name: string) => {
    const p = cli(['compare', fx(name), '--json']);
    const r = await p;
    expect(r.stderr).toBe('');
    return { exitCode: r.exitCode, sides: (JSON.parse(r.stdout) as { environments: Side[] }).environments, pid: String(p.pid) };
  };

  afterAll(async () => {
    await cli(['stop']);
  });

  it('the engine answers as Podman', async () => {
    const info = await engine.info();
    expect(info.product).toBe('Podman');
    const d = await cli(['doctor', '--json']);
    expect(JSON.parse(d.stdout)).toMatchObject({ engine: { product: 'Podman' }, checks: expect.arrayContaining([{ name: 'engine', ok: true, detail: expect.stringMatching(/^Podman \d/) }]) });
  });

  it('compare of a hello program: both compile and print the same line (exit 0)', async () => {
    const r = await compare('prints-ok');
    pids.add(r.pid);
    expect(r.exitCode).toBe(0);
    expect(r.sides.map((s) => s.env)).toEqual(['glibc', 'musl']);
    expect(r.sides.map((s) => s.libc)).toEqual([expect.stringMatching(/^glibc 2\.\d+/), expect.stringMatching(/^musl 1\.2\.\d/)]);
    for (const s of r.sides) {
      expect(s.compile.ok).toBe(true);
      expect(s.run).toMatchObject({ exitCode: 0, signal: null, stdout: 'hello from the lab\n' });
    }
  });

  it('compare of a crash: SIGSEGV on both, the output before it kept, the same outcome (exit 0)', async () => {
    const r = await compare('segfaults');
    pids.add(r.pid);
    expect(r.exitCode).toBe(0);
    for (const s of r.sides) expect(s.run).toMatchObject({ exitCode: 139, signal: 'SIGSEGV', stdout: 'about to write through NULL\n' });
  });

  it('nothing the commands started is left on Podman once they are over', async () => {
    expect(pids.size).toBe(2);
    const stop = await cli(['stop']);
    expect(stop.exitCode).toBe(0);
    const left = (await engine.listContainers(LABEL.app)).filter((c) => pids.has(c.labels[LABEL.pid] ?? ''));
    expect(left).toEqual([]);
  });
});
