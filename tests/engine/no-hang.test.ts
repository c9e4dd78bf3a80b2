/**
 * Commands end when their work ends, whatever failed (issue 21): a start that
 * fails, a warm container that does not answer its ping, and `musl-lab stop`
 * while another command of the same user runs. Each case runs in a process of
 * its own, which must exit by itself.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { agentHash } from '../../src/lab/agent.js';
import { DockerEngine } from '../../src/engine/client.js';
import { LABEL, imageTag } from '../../src/lab/environments.js';
import { WARM, ownerKey, warmContainers } from '../../src/lab/warm.js';
import { FIXTURES } from '../helpers/lab.js';

const ROOT = path.join(import.meta.dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'musl-lab.js');
const engine = new DockerEngine();
const tmp = await mkdtemp(path.join(os.tmpdir(), 'musl-lab-hang-'));
const owner = `nohang-${process.pid}-${Date.now().toString(36)}`;
afterAll(async () => {
  for (const id of await warmContainers(engine, owner)) await engine.removeContainer(id);
  await execa('node', [BIN, 'stop'], { reject: false, env: { MUSL_LAB_HOME: tmp } });
  await rm(tmp, { recursive: true, force: true });
});

/** Run a script (TypeScript, from the project root) in a process of its own: its output and how long it lived. */
function script(code: string, limitMs: number): Promise<{ out: string; ms: number; ended: boolean }> {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const child = spawn(process.execPath, ['--import', 'tsx', '-e', code], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (out += b.toString()));
    const kill = setTimeout(() => child.kill('SIGKILL'), limitMs);
    child.on('close', (code, signal) => {
      clearTimeout(kill);
      resolve({ out, ms: Date.now() - t0, ended: signal === null && code === 0 });
    });
  });
}

describe('nothing stays open after a failure', () => {
  it('an attach to a container removed before it started (by `stop` or a sweep) ends, and the process with it', async () => {
    const r = await script(`
      const { DockerEngine } = await import('./src/engine/client.ts');
      const engine = new DockerEngine();
      const id = await engine.createContainer({ image: '${imageTag('musl')}', labels: { 'org.musl-lab': '1' }, user: '65534:65534', cmd: ['sleep', '60'], memoryBytes: 64 << 20, pidsLimit: 16, nanoCpus: 1e8, openStdin: true, stdinOnce: true, autoRemove: true }, { start: false });
      const attached = await engine.attach(id);
      attached.onClose(() => console.log('attach ended'));
      await engine.removeContainer(id);
      console.log('removed');
    `, 30_000);
    expect(r.out).toContain('removed');
    expect(r.out).toContain('attach ended');
    expect(r.ended, `still running after ${r.ms} ms: ${r.out}`).toBe(true);
  });

  it('a warm container whose agent does not answer its ping: a new one serves, and the process ends by itself', async () => {
    const image = (await engine.image(imageTag('musl')))!;
    // running, with every label of this owner's warm musl container, but no agent behind its stdin
    const mute = await engine.createContainer({
      image: image.tag,
      labels: { [LABEL.app]: '1', [LABEL.session]: 'mute', [LABEL.env]: 'musl', [WARM.warm]: '1', [WARM.owner]: owner, [WARM.imageId]: image.id, [WARM.uid]: '30000', [WARM.agent]: agentHash() },
      user: '65534:65534', cmd: ['sleep', '120'], memoryBytes: 64 << 20, pidsLimit: 16, nanoCpus: 1e8, openStdin: true, autoRemove: true,
    });
    try {
      const r = await script(`
        const { DockerEngine } = await import('./src/engine/client.ts');
        const { Lab } = await import('./src/lab/sandbox.ts');
        const lab = new Lab({ engine: new DockerEngine(), keepWarm: { idleSeconds: 30, owner: '${owner}' } });
        const r = await lab.command('musl', ['echo', 'served']);
        console.log(r.stdout.trim());
        await lab.dispose();
      `, 45_000);
      expect(r.out).toContain('served');
      expect(r.ended, `still running after ${r.ms} ms: ${r.out}`).toBe(true);
    } finally {
      await engine.removeContainer(mute);
    }
  });

  it('`musl-lab stop` again and again while another command of the same user starts its environments: that command still ends', async () => {
    const env = { NO_COLOR: '1', MUSL_LAB_HOME: tmp };
    const mine = ownerKey({ MUSL_LAB_HOME: tmp });
    const t0 = Date.now();
    const compare = execa('node', [BIN, 'compare', path.join(FIXTURES, 'prints-ok.c')], { reject: false, env, timeout: 90_000 });
    let done = false;
    void compare.finally(() => (done = true));
    // what `stop` does, as fast as the engine lets us: some removal lands between a container's create and its start
    let removed = 0;
    while (!done && Date.now() - t0 < 20_000) {
      const ids = (await engine.listContainers(LABEL.app)).filter((c) => c.labels[WARM.owner] === mine).map((c) => c.id);
      await Promise.all(ids.map((id) => engine.removeContainer(id)));
      removed += ids.length;
    }
    const r = await compare;
    expect(removed).toBeGreaterThan(0);
    expect(r.timedOut, `compare still running after ${Date.now() - t0} ms`).toBe(false);
    // it says what happened: an outcome, or one rendered error
    expect(`${r.stdout}\n${r.stderr}`).toMatch(/ok|^error: /m);
    expect(r.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  });
});
