/** The DNS lab's pure parts: the network plan, scenario text, the lesson format and the checker's query counts. */
import { describe, expect, it } from 'vitest';
import { check, checkQueries, passed, type EnvOutcome } from '../../src/check/checker.js';
import { LineReader } from '../../src/lab/dns/services.js';
import {
  clientAddresses,
  fillPlaceholders,
  hostsFile,
  isSubnetOverlap,
  networkPlan,
  parseQueryLog,
  placeholdersIn,
  randomSubnet,
  resolvConfText,
  roleAt,
  serverCommands,
  usesDnsmasq,
} from '../../src/lab/dns/net-plan.js';
import type { DnsQuery, EnvName } from '../../src/lab/types.js';
import { experimentStep, expectations, networkScenario, queryExpectation, taskStep } from '../../src/lessons/schema.js';

const plan = networkPlan('198.18.7.0/24');

describe('network plan', () => {
  it('picks /24 subnets inside 198.18.0.0/15 only', () => {
    expect(randomSubnet(() => 0)).toBe('198.18.0.0/24');
    expect(randomSubnet(() => 255)).toBe('198.18.255.0/24');
    expect(randomSubnet(() => 256)).toBe('198.19.0.0/24');
    expect(randomSubnet(() => 511)).toBe('198.19.255.0/24');
    for (let i = 0; i < 50; i++) expect(randomSubnet((n) => Math.floor(Math.random() * n))).toMatch(/^198\.1[89]\.\d{1,3}\.0\/24$/);
  });

  it('gives every role a fixed address; dead addresses belong to nobody', () => {
    expect(plan.addresses).toEqual({
      dns: '198.18.7.2',
      dnsmasq: '198.18.7.3',
      glibc: '198.18.7.10',
      musl: '198.18.7.11',
      'musl-gcompat': '198.18.7.12',
      toolchains: '198.18.7.13',
      'python-musl': '198.18.7.14',
      dead: '198.18.7.200',
      dead2: '198.18.7.201',
    });
    expect(new Set(Object.values(plan.addresses)).size).toBe(Object.keys(plan.addresses).length);
    // every environment, on-demand ones too: none joins with an address the engine picks
    expect(clientAddresses(plan)).toEqual({ glibc: '198.18.7.10', musl: '198.18.7.11', 'musl-gcompat': '198.18.7.12', toolchains: '198.18.7.13', 'python-musl': '198.18.7.14' });
    expect(() => networkPlan('10.0.0.0/16')).toThrow(/24/);
  });

  it('leaves the engine a dynamic range that holds no planned address', () => {
    expect(plan.dynamicRange).toBe('198.18.7.128/26');
    const hosts = Object.values(plan.addresses).map((a) => Number(a.split('.')[3]));
    expect(hosts.filter((h) => h >= 128 && h < 192)).toEqual([]);
  });

  it('recognises the engine refusing an overlapping subnet', () => {
    expect(isSubnetOverlap('Pool overlaps with other one on this address space')).toBe(true);
    expect(isSubnetOverlap('Docker failed to create network x: Pool overlaps with other one on this address space')).toBe(true);
    expect(isSubnetOverlap('no space left on device')).toBe(false);
  });
});

describe('scenario text', () => {
  it('fills placeholders and refuses unknown ones', () => {
    expect(fillPlaceholders('nameserver {dead}\nnameserver {dns}', plan)).toBe('nameserver 198.18.7.200\nnameserver 198.18.7.2');
    expect(() => fillPlaceholders('nameserver {google}', plan)).toThrow(/unknown placeholder \{google\}/);
    expect(placeholdersIn('{dns} {dead} {dns} {x}')).toEqual(['dns', 'dead', 'x']);
  });

  it('writes resolv.conf lines trimmed, and hosts after localhost', () => {
    expect(resolvConfText('  nameserver 1.2.3.4  \n\n options ndots:2\n')).toBe('nameserver 1.2.3.4\noptions ndots:2\n');
    expect(hostsFile()).toBe('127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n');
    expect(hostsFile('192.0.2.7 printer.lab.test\n')).toMatch(/loopback\n192\.0\.2\.7 printer\.lab\.test\n$/);
  });

  it('starts dnsmasq only for scenarios that name it', () => {
    expect(usesDnsmasq({ resolvConf: 'nameserver {dnsmasq}' })).toBe(true);
    expect(usesDnsmasq({ resolvConf: 'nameserver {dns}' })).toBe(false);
  });

  it('turns knobs into server commands, from a clean slate', () => {
    const s = networkScenario.parse({ resolvConf: 'nameserver {dns}', dns: { names: { 'a.lab.test': '192.0.2.1', 'b.lab.test': ['192.0.2.2', '192.0.2.3'] }, big: { 'big.lab.test': 40 }, servfail: ['bad.lab.test'], nxdomain: ['gone.lab.test'], delayMs: 50 } });
    expect(serverCommands(s.dns)).toEqual(['reset', 'delay 50', 'ttl 300', 'a a.lab.test 192.0.2.1', 'a b.lab.test 192.0.2.2', 'a b.lab.test 192.0.2.3', 'big big.lab.test 40', 'servfail bad.lab.test', 'nxdomain gone.lab.test']);
    expect(serverCommands(networkScenario.parse({ resolvConf: '' }).dns)).toEqual(['reset', 'delay 0', 'ttl 300']);
  });

  it('reads the query log and names clients by role', () => {
    const rows = parseQueryLog(['q 198.18.7.10 udp A www.lab.test 10', 'q 198.18.7.3 tcp AAAA big.lab.test 1', 'q 198.18.7.99 udp 33 x.lab.test 2', 'garbage', 'end'], plan);
    expect(rows).toEqual([
      { from: 'glibc', proto: 'udp', type: 'A', name: 'www.lab.test', count: 10 },
      { from: 'dnsmasq', proto: 'tcp', type: 'AAAA', name: 'big.lab.test', count: 1 },
      { from: '198.18.7.99', proto: 'udp', type: '33', name: 'x.lab.test', count: 2 },
    ]);
    expect(roleAt(plan, '198.18.7.11')).toBe('musl');
  });
});

describe('lesson format: network and queries', () => {
  const base = { id: 'x', title: 'X', kind: 'experiment', program: 'lookup.c' };
  it.each([
    ['a network step with query counts', { ...base, network: { resolvConf: 'nameserver {dns}' }, expect: { musl: { exit: 0, queries: [{ name: 'www.lab.test', count: 1 }] } } }, true],
    ['query counts without a network', { ...base, expect: { musl: { queries: [{ count: 1 }] } } }, false],
    ['a variant network without a step network', { ...base, variants: [{ id: 'v', network: { resolvConf: 'x' }, expect: { musl: { exit: 0 } } }] }, false],
    ['an unknown placeholder', { ...base, network: { resolvConf: 'nameserver {google}' }, expect: { musl: { exit: 0 } } }, false],
    ['an upper-case name', { ...base, network: { resolvConf: 'nameserver {dns}', dns: { names: { 'WWW.lab.test': '192.0.2.1' } } }, expect: { musl: { exit: 0 } } }, false],
    ['a bad address', { ...base, network: { resolvConf: 'nameserver {dns}', dns: { names: { 'www.lab.test': '192.0.2.300' } } }, expect: { musl: { exit: 0 } } }, false],
    ['an unknown knob', { ...base, network: { resolvConf: 'nameserver {dns}', dns: { refuse: true } }, expect: { musl: { exit: 0 } } }, false],
    ['a delay over 5 s', { ...base, network: { resolvConf: 'nameserver {dns}', dns: { delayMs: 6000 } }, expect: { musl: { exit: 0 } } }, false],
    ['an nsswitch.conf, in the step and in a variant', { ...base, network: { resolvConf: 'nameserver {dns}', nsswitch: 'hosts: files dns\n' }, variants: [{ id: 'v', network: { nsswitch: 'hosts: dns\n' }, expect: { musl: { exit: 0 } } }] }, true],
    ['an nsswitch.conf that is not text', { ...base, network: { resolvConf: 'nameserver {dns}', nsswitch: ['hosts: dns'] }, expect: { musl: { exit: 0 } } }, false],
  ])('%s', (_n, step, ok) => {
    expect(experimentStep.safeParse(step).success).toBe(ok);
  });

  it('a task may count queries in expect and starterExpect', () => {
    const t = { id: 't', title: 'T', kind: 'task', starter: 'a.c', solution: 'b.c', hints: ['h'], runIn: ['musl'], network: { resolvConf: 'nameserver {dns}' }, expect: { musl: { queries: [{ count: 1 }] } }, starterExpect: { musl: { queries: [{ count: 10 }] } } };
    expect(taskStep.safeParse(t).success).toBe(true);
    expect(taskStep.safeParse({ ...t, network: undefined }).success).toBe(false);
  });

  it.each([
    [{ count: 1 }, true],
    [{ atLeast: 1, atMost: 3 }, true],
    [{ name: 'a.lab.test' }, false],
    [{ count: 1, atLeast: 1 }, false],
    [{ count: 1, from: 'glibc' }, false],
  ])('query expectation %j', (q, ok) => {
    expect(queryExpectation.safeParse(q).success).toBe(ok);
  });
});

function run(env: EnvName, queries?: DnsQuery[], stdout = ''): EnvOutcome {
  return { env, compile: { ok: true, exitCode: 0, diagnostics: '' }, run: { env, exitCode: 0, signal: null, stdout, stderr: '', timedOut: false, truncated: false, durationMs: 1 }, queries };
}
const q = (from: string, name: string, count: number, proto: 'udp' | 'tcp' = 'udp', type = 'A'): DnsQuery => ({ from, proto, type, name, count });

describe('checker: query counts', () => {
  const log = [q('musl', 'www.lab.test', 9), q('musl', 'www.lab.test', 1, 'tcp'), q('musl', 'other.lab.test', 2), q('dnsmasq', 'www.lab.test', 1), q('glibc', 'www.lab.test', 5)];
  it.each([
    ['all of a name, both protocols', { name: 'www.lab.test', count: 10 }, true],
    ['only TCP', { name: 'www.lab.test', proto: 'tcp', count: 1 }, true],
    ['only UDP', { name: 'www.lab.test', proto: 'udp', atLeast: 9, atMost: 9 }, true],
    ['every name', { atLeast: 12 }, true],
    ['another environment\'s queries do not count', { name: 'www.lab.test', atMost: 5 }, false],
    ['from dnsmasq', { name: 'www.lab.test', from: 'dnsmasq', count: 1 }, true],
    ['zero of a type never asked', { name: 'www.lab.test', type: 'AAAA', count: 0 }, true],
    ['too few', { name: 'other.lab.test', atLeast: 3 }, false],
  ])('%s', (_n, e, ok) => {
    expect(checkQueries('musl', queryExpectation.parse(e), log).ok).toBe(ok);
  });

  it('says what it counted, and why it failed', () => {
    const v = checkQueries('musl', queryExpectation.parse({ name: 'www.lab.test', count: 1, why: 'a cache', whyNot: 'every lookup went to the server: nothing cached it' }), log);
    expect(v).toMatchObject({ label: 'musl: queries for www.lab.test', ok: false, expected: '1 query', actual: '10 (udp A x9, tcp A x1)', reason: 'more queries reached the server', why: 'every lookup went to the server: nothing cached it' });
    expect(checkQueries('glibc', queryExpectation.parse({ proto: 'tcp', type: 'A', from: 'dnsmasq', atLeast: 1 }), log)).toMatchObject({ label: 'glibc: A over TCP queries from dnsmasq', expected: 'at least 1 queries', reason: 'fewer queries reached the server' });
  });

  it('a run without a query log fails its query expectations', () => {
    const v = check(expectations.parse({ musl: { queries: [{ count: 0 }] } }), { musl: run('musl') });
    expect(passed(v)).toBe(false);
    expect(v.find((x) => x.label.includes('queries'))!.reason).toMatch(/lab network/);
  });

  it('query expectations need the program to have run', () => {
    const notRun: EnvOutcome = { env: 'musl', compile: { ok: false, exitCode: 1, diagnostics: 'error' } };
    expect(passed(check(expectations.parse({ musl: { queries: [{ count: 0 }] } }), { musl: notRun }))).toBe(false);
  });
});

describe('checker: a relation between two numbers of one run', () => {
  const out = { glibc: run('glibc', [], 'first_ms=51.3\nmedian_ms=0.2\n') };
  const rel = (atLeast: number) => expectations.parse({ relations: [{ slower: 'glibc', faster: 'glibc', atLeast, metric: { stdout: 'first_ms=([0-9.]+)' }, fasterMetric: { stdout: 'median_ms=([0-9.]+)' } }] });
  it('compares the two metrics', () => {
    const [v] = check(rel(10), out);
    expect(v).toMatchObject({ ok: true, label: 'glibc first_ms at least 10x its median_ms', actual: '51.3 vs 0.2 (x256.5)' });
    expect(passed(check(rel(1000), out))).toBe(false);
  });
});

describe('LineReader', () => {
  it('splits chunks into lines and waits for the one asked for', async () => {
    const r = new LineReader();
    const wanted = r.next((l) => l.startsWith('ready'), 1000);
    r.push('compiling\nrea');
    r.push('dy port 53\nok\n');
    expect(await wanted).toBe('ready port 53');
    expect(await r.next(() => true, 10)).toBe('ok');
    expect(await r.next(() => true, 10)).toBeNull(); // nothing more: time runs out
    expect(r.tail).toEqual(['compiling', 'ready port 53', 'ok']);
  });

  it('returns null once the stream ends', async () => {
    const r = new LineReader();
    const p = r.next(() => true, 5000);
    r.close();
    expect(await p).toBeNull();
  });
});
