/**
 * The DNS lab's plain data: which subnet a lab network gets, who sits at
 * which address, how a scenario's resolv.conf placeholders are filled, which
 * commands set the lab DNS server's knobs, and how its query log reads.
 * Pure functions: unit tested without Docker.
 */
import type { DnsQuery, DnsScenario } from '../types.js';
import { ALL_ENV_NAMES, type EnvName } from '../types.js';

/**
 * The host part of each role's address on a lab network (a /24).
 * .1 is the engine's gateway; "dead" addresses are never given to anyone, so
 * packets sent there vanish (a real timeout, not a quick refusal). Every
 * environment has one, on-demand ones included: a member the engine placed
 * itself would take the lowest free address, a service's (dnsmasq's .3).
 */
export const HOST_NUMBERS = {
  dns: 2,
  dnsmasq: 3,
  glibc: 10,
  musl: 11,
  'musl-gcompat': 12,
  toolchains: 13,
  'python-musl': 14,
  dead: 200,
  dead2: 201,
} as const satisfies Record<string, number> & Record<EnvName, number>;

/**
 * Where the engine may place a member that comes without a fixed address (IPAM IPRange):
 * .128-.191, no planned address among them. Second guard: nothing joins without one today.
 */
export const DYNAMIC_HOSTS = { first: 128, bits: 26 } as const;
export type Role = keyof typeof HOST_NUMBERS;

/** Names a scenario may write in braces in its resolv.conf and hosts text: {dns}, {dnsmasq}, {dead}, {dead2}. */
export const PLACEHOLDERS = ['dns', 'dnsmasq', 'dead', 'dead2'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

export interface NetworkPlan {
  /** e.g. 198.18.37.0/24 */
  subnet: string;
  /** The engine's range for members without a fixed address, e.g. 198.18.37.128/26: no planned address in it. */
  dynamicRange: string;
  addresses: Record<Role, string>;
}

/**
 * A random /24 in 198.18.0.0/15, the block set aside for network benchmarks
 * (RFC 2544): real networks do not use it, so a lab bridge there shadows no
 * route of the machine. `random(n)` returns an integer in [0, n).
 */
export function randomSubnet(random: (n: number) => number): string {
  const i = random(512);
  return `198.${18 + (i >> 8)}.${i & 255}.0/24`;
}

/** Every role's address in a /24. */
export function networkPlan(subnet: string): NetworkPlan {
  const m = /^(\d+\.\d+\.\d+)\.0\/24$/.exec(subnet);
  if (!m) throw new Error(`not a /24 subnet: ${subnet}`);
  const addresses = Object.fromEntries(Object.entries(HOST_NUMBERS).map(([role, n]) => [role, `${m[1]}.${n}`])) as Record<Role, string>;
  return { subnet, dynamicRange: `${m[1]}.${DYNAMIC_HOSTS.first}/${DYNAMIC_HOSTS.bits}`, addresses };
}

/** True when the engine refused a subnet because another network already uses it. */
export function isSubnetOverlap(message: string): boolean {
  return /overlap|already (in use|used)|conflicts with/i.test(message);
}

/** The placeholders a text uses, in order of first use (unknown ones included, for validation). */
export function placeholdersIn(text: string): string[] {
  const seen: string[] = [];
  for (const m of text.matchAll(/\{([A-Za-z0-9_-]+)\}/g)) if (!seen.includes(m[1]!)) seen.push(m[1]!);
  return seen;
}

/** Replace {dns}, {dead}, ... by addresses. An unknown placeholder is a bug in the lesson: it throws. */
export function fillPlaceholders(text: string, plan: NetworkPlan): string {
  return text.replace(/\{([A-Za-z0-9_-]+)\}/g, (_all, name: string) => {
    if (!(PLACEHOLDERS as readonly string[]).includes(name)) throw new Error(`unknown placeholder {${name}} (known: ${PLACEHOLDERS.map((p) => `{${p}}`).join(', ')})`);
    return plan.addresses[name as Placeholder];
  });
}

/** A scenario's /etc/hosts: localhost, then its own lines. */
export function hostsFile(extra = ''): string {
  const lines = ['127.0.0.1\tlocalhost', '::1\tlocalhost ip6-localhost ip6-loopback'];
  const more = extra.trim();
  return `${lines.join('\n')}\n${more ? `${more}\n` : ''}`;
}

/** resolv.conf text as written: each line trimmed, one newline at the end. */
export function resolvConfText(text: string): string {
  return `${text.split('\n').map((l) => l.trim()).filter(Boolean).join('\n')}\n`;
}

/** The lab DNS server's commands (see docker/dns-server/lab-dns.c) that set up a scenario, starting from a clean slate. */
export function serverCommands(s: DnsScenario['dns']): string[] {
  const cmds = ['reset', `delay ${s.delayMs}`, `ttl ${s.ttl}`];
  for (const [name, addrs] of Object.entries(s.names)) for (const a of typeof addrs === 'string' ? [addrs] : addrs) cmds.push(`a ${name} ${a}`);
  for (const [name, n] of Object.entries(s.big)) cmds.push(`big ${name} ${n}`);
  for (const name of s.servfail) cmds.push(`servfail ${name}`);
  for (const name of s.nxdomain) cmds.push(`nxdomain ${name}`);
  for (const c of cmds) if (/[\n\r]/.test(c)) throw new Error(`a DNS server command must be one line: ${JSON.stringify(c)}`);
  return cmds;
}

/** Who sits at an address: a role name (glibc, musl, dnsmasq, ...) or the address itself. */
export function roleAt(plan: NetworkPlan, ip: string): string {
  const hit = Object.entries(plan.addresses).find(([, a]) => a === ip);
  return hit ? hit[0] : ip;
}

/** The server's answer to "log": lines "q CLIENT PROTO TYPE NAME COUNT", clients named by role. */
export function parseQueryLog(lines: string[], plan: NetworkPlan): DnsQuery[] {
  const out: DnsQuery[] = [];
  for (const line of lines) {
    const m = /^q (\S+) (udp|tcp) (\S+) (\S+) (\d+)$/.exec(line.trim());
    if (!m) continue;
    out.push({ from: roleAt(plan, m[1]!), proto: m[2] as 'udp' | 'tcp', type: m[3]!, name: m[4]!, count: Number(m[5]) });
  }
  return out;
}

/** The client addresses of the environments, for the Lab's `addresses` option. */
export function clientAddresses(plan: NetworkPlan): Record<EnvName, string> {
  return Object.fromEntries(ALL_ENV_NAMES.map((e) => [e, plan.addresses[e]])) as Record<EnvName, string>;
}

/** Does a scenario send its clients to dnsmasq (so the lab must start it)? */
export function usesDnsmasq(s: Pick<DnsScenario, 'resolvConf' | 'hosts'>): boolean {
  return placeholdersIn(`${s.resolvConf}\n${s.hosts ?? ''}`).includes('dnsmasq');
}
