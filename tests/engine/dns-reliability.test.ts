/**
 * The DNS lab under the conditions that broke it (issue 21): environments that
 * join the lab network before its services start, a service that cannot start,
 * and a lab killed with kill -9.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DockerEngine } from '../../src/engine/client.js';
import { Lab } from '../../src/lab/sandbox.js';
import { networkScenario } from '../../src/lessons/schema.js';
import type { EnvName } from '../../src/lab/types.js';

const engine = new DockerEngine();
const labs: Lab[] = [];
const newLab = () => {
  const l = new Lab({ engine });
  labs.push(l);
  return l;
};
afterAll(async () => {
  await Promise.all(labs.map((l) => l.dispose()));
});

const lookup = { name: 'lookup.c', content: readFileSync(path.join(import.meta.dirname, '..', '..', 'c-src', 'dns', 'lookup.c')) };
const viaDnsmasq = networkScenario.parse({ resolvConf: 'nameserver {dnsmasq}\noptions timeout:1 attempts:1', dns: { names: { 'svc.lab.test': '192.0.2.9' } } });

describe('lab network addresses', () => {
  it('environments that join before the services start (toolchains, python-musl, musl-gcompat) never take a service address', async () => {
    const net = await newLab().network();
    const extra: EnvName[] = ['toolchains', 'python-musl', 'musl-gcompat'];
    for (const env of extra) expect((await net.lab.command(env, ['true'])).exitCode, env).toBe(0);
    // dnsmasq starts only now, at its planned address
    await net.prepare('glibc', viaDnsmasq);
    const r = await net.lab.compileAndRun('glibc', { sources: [lookup], output: 'lookup' }, { args: ['svc.lab.test'] });
    expect(r.compile.ok, r.compile.diagnostics).toBe(true);
    expect(r.run!.stdout).toContain('192.0.2.9');
    expect(await net.queries()).toEqual([{ from: 'dnsmasq', proto: 'udp', type: 'A', name: 'svc.lab.test', count: 1 }]);
  });

  it('a member that joins without a fixed address gets one from the dynamic range, never a planned one', async () => {
    const net = await newLab().network();
    const image = await engine.image(new Lab({ engine }).image('glibc'));
    const stray = await engine.createContainer({ image: image!.tag, labels: { 'org.musl-lab': '1' }, user: '65534:65534', cmd: ['sleep', '30'], memoryBytes: 64 << 20, pidsLimit: 16, nanoCpus: 1e8, network: net.networkName, autoRemove: true });
    try {
      const ip = (await engine.containerInfo(stray)).addresses[net.networkName]!;
      const host = Number(ip.split('.')[3]);
      expect(host, ip).toBeGreaterThanOrEqual(128);
      expect(host, ip).toBeLessThan(192);
      expect(Object.values(net.plan.addresses)).not.toContain(ip);
    } finally {
      await engine.removeContainer(stray);
    }
  });
});

describe('a DNS lab whose service cannot start', () => {
  it('fails that run, and the next run gets a new network whose services start (what `r` in the tutorial does)', async () => {
    const lab = newLab();
    const broken = await lab.network();
    // something holds dnsmasq's planned address: its start fails
    const image = await engine.image(lab.image('glibc'));
    const squatter = await engine.createContainer({ image: image!.tag, labels: { 'org.musl-lab': '1' }, user: '65534:65534', cmd: ['sleep', '120'], memoryBytes: 64 << 20, pidsLimit: 16, nanoCpus: 1e8, network: broken.networkName, ipv4: broken.plan.addresses.dnsmasq, autoRemove: true });
    try {
      await expect(broken.prepare('musl', viaDnsmasq)).rejects.toThrow(/Address already in use/);
      // the next run asks the lab for its network again, as run-step does
      const fresh = await lab.network();
      expect(fresh.networkId).not.toBe(broken.networkId);
      await fresh.prepare('musl', viaDnsmasq);
      const r = await fresh.lab.compileAndRun('musl', { sources: [lookup], output: 'lookup' }, { args: ['svc.lab.test'] });
      expect(r.run!.stdout).toContain('192.0.2.9');
      expect((await engine.networkInfo(broken.networkId))?.containers ?? 0).toBeLessThanOrEqual(1); // only the squatter is left on it
      expect(await lab.network()).toBe(fresh); // a healthy one is kept
    } finally {
      await engine.removeContainer(squatter);
      await engine.removeNetwork(broken.networkId).catch(() => undefined);
    }
  });
});

describe('a lab killed with kill -9 in a DNS step', () => {
  it('leaves no network behind: it goes by itself, with no other command sweeping', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', '-e', `
      const { DockerEngine } = await import('./src/engine/client.ts');
      const { Lab } = await import('./src/lab/sandbox.ts');
      const lab = new Lab({ engine: new DockerEngine() });
      const n = await lab.network();
      await n.prepare('musl', { resolvConf: 'nameserver {dnsmasq}\\n', dns: { names: {}, big: {}, servfail: [], nxdomain: [], delayMs: 0, ttl: 300 } });
      await n.lab.command('musl', ['true']);
      console.log(n.networkId);
      setInterval(() => {}, 1000);
    `], { cwd: path.join(import.meta.dirname, '..', '..'), stdio: ['ignore', 'pipe', 'inherit'] });
    const networkId = (await new Promise<string>((resolve) => child.stdout!.once('data', (b: Buffer) => resolve(b.toString().trim()))));
    expect(await engine.networkInfo(networkId)).not.toBeNull();
    child.kill('SIGKILL');
    for (let i = 0; i < 120 && (await engine.networkInfo(networkId)) !== null; i++) await new Promise((r) => setTimeout(r, 250));
    expect(await engine.networkInfo(networkId)).toBeNull();
  });
});
