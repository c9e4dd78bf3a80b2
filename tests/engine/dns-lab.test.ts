import { spawn } from 'node:child_process';
/**
 * The DNS lab's network against the real engine: the lab's DNS server and its
 * knobs, dnsmasq, dead addresses, the clients' resolv.conf, and cleanup
 * (dispose, and sweeping after a crash).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LABEL } from '../../src/lab/environments.js';
import type { NetLab } from '../../src/lab/dns/net-lab.js';
import { networkScenario } from '../../src/lessons/schema.js';
import { Lab } from '../../src/lab/sandbox.js';
import { sweepLeftovers } from '../../src/lab/sweep.js';
import type { DnsScenario, EnvName, SourceFile } from '../../src/lab/types.js';
import { realLab } from '../helpers/lab.js';

const SRC = path.join(import.meta.dirname, '..', '..', 'c-src', 'dns');
const program = (name: string): SourceFile[] => [{ name, content: readFileSync(path.join(SRC, name)) }];
const scenario = (s: unknown): DnsScenario => networkScenario.parse(s);

const { engine, lab } = realLab();
let net: NetLab;

beforeAll(async () => {
  net = await lab.network();
});
afterAll(async () => {
  await lab.dispose();
});

/** Set a scenario up for env, run lookup.c there, return its output and the server's log. */
async function lookup(env: EnvName, s: DnsScenario, args: string[], file = 'lookup.c') {
  await net.prepare(env, s);
  const r = await net.lab.compileAndRun(env, { sources: program(file), output: file.replace(/\.c$/, '') }, { args });
  expect(r.compile.ok, r.compile.diagnostics).toBe(true);
  return { run: r.run!, queries: await net.queries() };
}

describe('the lab network', () => {
  it('is internal, in 198.18.0.0/15, with the server and clients at their planned addresses', async () => {
    const info = await engine.networkInfo(net.networkId);
    expect(info).toMatchObject({ name: net.networkName, internal: true, subnets: [net.plan.subnet] });
    expect(net.plan.subnet).toMatch(/^198\.1[89]\.\d+\.0\/24$/);
    const dns = await engine.containerInfo((await net.serviceIds()).dns);
    expect(dns.addresses[net.networkName]).toBe(net.plan.addresses.dns);
    // Non-root, no capabilities, port 53 allowed by the namespace's own setting.
    expect(dns.user).toMatch(/^[1-9]\d+:[1-9]\d+$/);
    expect(dns.capDrop).toEqual(['ALL']);
    expect(dns.sysctls).toEqual({ 'net.ipv4.ip_unprivileged_port_start': '0' });
  });

  it.each(['glibc', 'musl'] as const)('%s: resolv.conf and hosts are the scenario\'s; learner code is not root', async (env) => {
    await net.prepare(env, scenario({ resolvConf: 'nameserver {dns}\nsearch corp.lab.test\noptions ndots:2 timeout:1 attempts:1', hosts: '192.0.2.7 printer.lab.test' }));
    const r = await net.lab.command(env, ['sh', '-c', 'cat /etc/resolv.conf /etc/hosts; id -u']);
    expect(r.stdout).toContain(`nameserver ${net.plan.addresses.dns}\nsearch corp.lab.test\noptions ndots:2 timeout:1 attempts:1\n`);
    expect(r.stdout).toContain('192.0.2.7 printer.lab.test');
    expect(r.stdout).toMatch(/^[1-9]\d+$/m); // the learner's uid
  });

  it.each(['glibc', 'musl'] as const)('%s: a scenario\'s nsswitch.conf is written, and the image\'s own comes back for the next scenario', async (env) => {
    const show = ['sh', '-c', 'if [ -e /etc/nsswitch.conf ]; then grep "^hosts:" /etc/nsswitch.conf; else echo "no nsswitch.conf"; fi'];
    const before = await net.lab.command(env, show);
    await net.prepare(env, scenario({ resolvConf: 'nameserver {dns}', nsswitch: 'hosts: dns\n' }));
    expect((await net.lab.command(env, show)).stdout).toBe('hosts: dns\n');
    await net.prepare(env, scenario({ resolvConf: 'nameserver {dns}' }));
    const after = await net.lab.command(env, show);
    expect(after.stdout).toBe(before.stdout);
    // The images' own: Debian's lists files then dns; musl has no such file (it does not read one).
    expect(after.stdout).toMatch(env === 'glibc' ? /^hosts:\s+files dns$/m : /^no nsswitch\.conf$/m);
  });
});

describe.each(['glibc', 'musl'] as const)('the lab DNS server, asked by %s', (env) => {
  it('answers names it knows, NXDOMAIN for others, and logs each query by client and name', async () => {
    const s = scenario({ resolvConf: 'nameserver {dns}\noptions timeout:1 attempts:1', dns: { names: { 'www.lab.test': '192.0.2.80' } } });
    const known = await lookup(env, s, ['www.lab.test', '4']);
    expect(known.run.stdout).toContain('answered 4 of 4');
    expect(known.run.stdout).toContain('192.0.2.80');
    expect(known.queries).toEqual([{ from: env, proto: 'udp', type: 'A', name: 'www.lab.test', count: 4 }]);
    const unknown = await lookup(env, s, ['nope.lab.test', '1']);
    expect(unknown.run.stdout).toMatch(env === 'glibc' ? /Name or service not known/ : /Name does not resolve/);
    expect(unknown.queries).toEqual([{ from: env, proto: 'udp', type: 'A', name: 'nope.lab.test', count: 1 }]);
  });

  it('waits delayMs before answering', async () => {
    const r = await lookup(env, scenario({ resolvConf: 'nameserver {dns}\noptions timeout:2 attempts:1', dns: { names: { 'slow.lab.test': '192.0.2.9' }, delayMs: 300 } }), ['slow.lab.test', '2']);
    expect(r.run.stdout).toContain('answered 2 of 2');
    // A lower bound only: no lookup can beat the server's delay, however fast the machine.
    // How long lookups take is a figure for bench/, not a pass/fail condition.
    const median = Number(/median_ms=([0-9.]+)/.exec(r.run.stdout)![1]);
    expect(median).toBeGreaterThanOrEqual(295);
  });

  it('truncates a big answer over UDP and serves it whole over TCP', async () => {
    const r = await lookup(env, scenario({ resolvConf: 'nameserver {dns}\noptions timeout:1 attempts:1', dns: { big: { 'big.lab.test': 40 } } }), ['big.lab.test'], 'count-addresses.c');
    expect(r.run.stdout).toContain('big.lab.test: 40 addresses (192.0.2.1 ... 192.0.2.40)');
    expect(r.queries).toEqual(expect.arrayContaining([
      { from: env, proto: 'udp', type: 'A', name: 'big.lab.test', count: 1 },
      { from: env, proto: 'tcp', type: 'A', name: 'big.lab.test', count: 1 },
    ]));
  });

  it('answers SERVFAIL and NXDOMAIN for the names it is told to', async () => {
    const s = scenario({ resolvConf: 'nameserver {dns}\noptions timeout:1 attempts:1', dns: { names: { 'gone.lab.test': '192.0.2.1' }, servfail: ['bad.lab.test'], nxdomain: ['gone.lab.test'] } });
    expect((await lookup(env, s, ['bad.lab.test', '1'])).run.stdout).toMatch(/Temporary failure in name resolution|Try again/);
    expect((await lookup(env, s, ['gone.lab.test', '1'])).run.stdout).toMatch(/Name or service not known|Name does not resolve/);
  });

  it('a dead address times out (no quick refusal)', async () => {
    const r = await lookup(env, scenario({ resolvConf: 'nameserver {dead}\noptions timeout:1 attempts:1' }), ['www.lab.test', '1']);
    expect(r.run.exitCode).toBe(1);
    expect(r.run.stdout).toMatch(/Temporary failure in name resolution|Try again/);
    // A lower bound only: a lookup that waited out timeout:1 cannot end sooner, on any machine.
    expect(Number(/median_ms=([0-9.]+)/.exec(r.run.stdout)![1])).toBeGreaterThanOrEqual(900);
    expect(r.queries).toEqual([]);
  });

  it('dnsmasq forwards once, caches, and starts empty for every scenario', async () => {
    const s = scenario({ resolvConf: 'nameserver {dnsmasq}\noptions timeout:1 attempts:1', dns: { names: { 'cached.lab.test': '192.0.2.5' } } });
    for (let round = 0; round < 2; round++) {
      const r = await lookup(env, s, ['cached.lab.test', '5']);
      expect(r.run.stdout).toContain('answered 5 of 5');
      expect(r.queries).toEqual([{ from: 'dnsmasq', proto: 'udp', type: 'A', name: 'cached.lab.test', count: 1 }]);
    }
    const d = await engine.containerInfo((await net.serviceIds()).dnsmasq!);
    expect(d.user).not.toMatch(/^0(:|$)/);
    expect(d.addresses[net.networkName]).toBe(net.plan.addresses.dnsmasq);
  });
});

describe('cleanup', () => {
  const ofSession = async (n: NetLab) => ({
    containers: (await engine.listContainers(LABEL.app)).filter((c) => c.labels[LABEL.session] === n.session || c.labels[LABEL.session] === n.lab.session),
    network: await engine.networkInfo(n.networkId),
  });

  it('dispose removes the clients, the services and the network', async () => {
    const own = new Lab({ engine });
    const n = await own.network();
    await n.prepare('musl', scenario({ resolvConf: 'nameserver {dnsmasq}' })); // a client and both services
    const before = await ofSession(n);
    expect(before.containers.map((c) => c.labels[LABEL.service] ?? c.labels[LABEL.env]).sort()).toEqual(['dns', 'dnsmasq', 'musl']);
    expect(before.network).not.toBeNull();
    await own.dispose(); // what the CLI does on exit and on Ctrl-C
    expect(await ofSession(n)).toEqual({ containers: [], network: null });
    await own.dispose(); // twice is fine
  });

  it('dispose during start-up still removes everything', async () => {
    const own = new Lab({ engine });
    const starting = own.network();
    await own.dispose();
    const n = await starting;
    expect(await ofSession(n)).toEqual({ containers: [], network: null });
  });

  it('a lab killed with kill -9 in a DNS step leaves nothing running; its empty network is swept', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', '-e', `
      const { DockerEngine } = await import('./src/engine/client.ts');
      const { Lab } = await import('./src/lab/sandbox.ts');
      const lab = new Lab({ engine: new DockerEngine() });
      const n = await lab.network();
      await n.prepare('musl', { resolvConf: 'nameserver {dnsmasq}\\n', dns: { names: {}, big: {}, servfail: [], nxdomain: [], delayMs: 0, ttl: 300 } });
      await n.lab.command('musl', ['true']);
      console.log(n.session + ' ' + n.lab.session + ' ' + n.networkId);
      setInterval(() => {}, 1000);
    `], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] });
    const [session, clients, networkId] = (await new Promise<string>((resolve) => child.stdout!.once('data', (b: Buffer) => resolve(b.toString().trim())))).split(' ');
    const containers = async () => (await engine.listContainers(LABEL.app)).filter((c) => c.labels[LABEL.session] === session || c.labels[LABEL.session] === clients);
    expect((await containers()).length).toBe(3); // the server, dnsmasq, a client
    child.kill('SIGKILL');
    for (let i = 0; i < 100 && (await containers()).length; i++) await new Promise((r) => setTimeout(r, 200));
    expect(await containers()).toEqual([]); // every one ended and removed itself, no sweep needed
    await sweepLeftovers(engine, { laterByMs: 120_000 }); // past the network's grace period
    expect(await engine.networkInfo(networkId!)).toBeNull();
  });
});
