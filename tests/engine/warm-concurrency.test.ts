/**
 * One user's commands sharing warm environments at the same time (issue 21):
 * a command attaching while another's big request is on the wire, a lock file
 * planted in the shared temp folder, and ten first commands at once.
 */
import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { DockerEngine } from '../../src/engine/client.js';
import { Lab } from '../../src/lab/sandbox.js';
import { ownerKey, warmContainers } from '../../src/lab/warm.js';
import { FIXTURES } from '../helpers/lab.js';

const BIN = path.join(import.meta.dirname, '..', '..', 'bin', 'musl-lab.js');
const engine = new DockerEngine();
const owner = `conc-${process.pid}-${Date.now().toString(36)}`;
const tmp = await mkdtemp(path.join(os.tmpdir(), 'musl-lab-conc-'));
const warmLab = () => new Lab({ engine, keepWarm: { idleSeconds: 120, owner } });
afterAll(async () => {
  for (const id of await warmContainers(engine, owner)) await engine.removeContainer(id);
  await execa('node', [BIN, 'stop'], { reject: false, env: { MUSL_LAB_HOME: tmp } });
  await rm(tmp, { recursive: true, force: true });
});

describe('a warm container shared by commands starting at the same time', () => {
  it('commands attaching while another sends a 20 MB request never break it (their ping waits for the lock)', async () => {
    const first = warmLab();
    expect((await first.command('musl', ['true'])).exitCode).toBe(0); // the warm container exists
    const big = Buffer.concat([Buffer.from('/* '), Buffer.alloc(20 << 20, 'x'), Buffer.from(' */\n#include <stdio.h>\nint main(void) { puts("big ok"); return 0; }\n')]);
    const bigRun = first.compileAndRun('musl', { sources: [{ name: 'big.c', content: big }] });
    const others = Array.from({ length: 6 }, (_, i) => new Promise((r) => setTimeout(r, i * 40)).then(async () => {
      const l = warmLab();
      try {
        return (await l.command('musl', ['echo', `other ${i}`])).stdout.trim();
      } finally {
        await l.dispose();
      }
    }));
    const r = await bigRun;
    expect(r.compile.ok, `${r.compile.exitCode}: ${r.compile.diagnostics}`).toBe(true);
    expect(r.run?.stdout).toBe('big ok\n');
    expect(await Promise.all(others)).toEqual([0, 1, 2, 3, 4, 5].map((i) => `other ${i}`));
    expect((await warmContainers(engine, owner)).length).toBe(1);
    await first.dispose();
  });

  it('a lock file planted in the shared temp folder (as another local user could) is not the lab\'s', async () => {
    const [id] = await warmContainers(engine, owner);
    expect(id).toBeDefined();
    // what a lock of a live process (pid 1) looks like, under the name the lab once used
    const planted = path.join(os.tmpdir(), `musl-lab-${id!.slice(0, 16)}.lock`);
    writeFileSync(planted, `1\n${os.hostname()}\n`);
    try {
      const l = warmLab();
      const t0 = Date.now();
      const r = await Promise.race([l.command('musl', ['echo', 'not locked out']), new Promise<null>((resolve) => setTimeout(() => resolve(null), 20_000))]);
      expect(r?.stdout, `still waiting after ${Date.now() - t0} ms`).toBe('not locked out\n');
      await l.dispose();
    } finally {
      await rm(planted, { force: true });
    }
  });

  it('ten first compares at once start one warm container per environment, not one each', async () => {
    const env = { NO_COLOR: '1', MUSL_LAB_HOME: tmp };
    const runs = await Promise.all(Array.from({ length: 10 }, () => execa('node', [BIN, 'compare', path.join(FIXTURES, 'prints-ok.c')], { reject: false, env, timeout: 170_000 })));
    expect(runs.filter((r) => r.exitCode !== 0).map((r) => r.stderr)).toEqual([]);
    expect((await warmContainers(engine, ownerKey(env))).length).toBe(2);
  });
});
