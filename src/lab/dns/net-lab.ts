/**
 * The DNS lab's network: an internal Docker network (no route out) made for
 * one lab, with the lab's DNS server, dnsmasq when a scenario asks for it,
 * and the environments as clients at fixed addresses. A scenario writes the
 * clients' resolv.conf and hosts and turns the server's knobs; afterwards the
 * server's query log says what each resolver sent.
 *
 * Bounded in count: one network per lab, at most two services on it (the DNS
 * server and dnsmasq), one client per environment. Everything carries the
 * lab's owner labels, is removed by dispose() (which the CLI calls on exit and
 * on Ctrl-C), and is swept by sweepLeftovers() if this process dies; the
 * services also end by themselves after LIMITS.serviceLifetimeSeconds.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { BugError, LabError } from '../../errors.js';
import { projectFile } from '../../util/project-root.js';
import type { Engine } from '../../engine/engine.js';
import { LABEL, imageTag, ownerLabels } from '../environments.js';
import type { LabSession, NetworkLab } from '../session.js';
import type { DnsQuery, DnsScenario, EnvName } from '../types.js';
import { clientAddresses, fillPlaceholders, hostsFile, isSubnetOverlap, networkPlan, parseQueryLog, randomSubnet, resolvConfText, serverCommands, usesDnsmasq, type NetworkPlan } from './net-plan.js';
import { watchNetwork } from './reaper.js';
import { DnsServer, Dnsmasq } from './services.js';

/** The lab DNS server's source: shipped in docker/dns-server/, compiled in the glibc environment when it starts. */
export const DNS_SERVER_SOURCE = () => projectFile('docker', 'dns-server', 'lab-dns.c');

/** The environments as clients on the lab network; they can also write their resolv.conf and hosts. */
export interface DnsClients extends LabSession {
  setNameResolution(env: EnvName, files: { resolvConf: string; hosts: string; nsswitch?: string }): Promise<void>;
}

export interface NetLabOptions {
  engine: Engine;
  images?: Partial<Record<EnvName, string>>;
  /** Makes the client environments on the lab's network (a Lab: injected, so this module needs no sandbox). */
  clients: (network: string, addresses: Record<EnvName, string>) => DnsClients;
  /** Tries at a free subnet before giving up. */
  subnetTries?: number;
}

export class NetLab implements NetworkLab {
  private dnsmasq: Promise<Dnsmasq> | null = null;
  private disposed = false;
  /**
   * Set when a service or a client failed to start or answer: the lab's next run rebuilds the
   * network and its services (Lab.network) instead of repeating the failure on this one.
   */
  private brokenBy: LabError | null = null;

  get broken(): boolean {
    return this.brokenBy !== null;
  }

  /** A run on this network failed because of the network (not of the program): rebuild it next time. */
  markBroken(e: unknown): void {
    if (e instanceof LabError && (e.kind === 'lesson-invalid' || e.kind === 'cancelled' || e.kind === 'bad-input')) return;
    this.brokenBy ??= e instanceof LabError ? e : new LabError('internal', String((e as Error)?.message ?? e), 'Run it again.');
  }

  private constructor(
    private readonly engine: Engine,
    readonly session: string,
    readonly networkName: string,
    readonly networkId: string,
    readonly plan: NetworkPlan,
    /** The environments as clients on this network (their own containers). */
    readonly lab: DnsClients,
    private dns: DnsServer,
    private readonly spec: { image: string; labels: (service: string) => Record<string, string> },
    private readonly watcher: { release(): void } | null = null,
  ) {}

  /** Make the network and start the DNS server; clients start when first used. */
  static async create(o: NetLabOptions): Promise<NetLab> {
    const session = randomBytes(6).toString('hex');
    const labels = (extra: Record<string, string> = {}) => ({ ...ownerLabels(session), ...extra });
    const name = `musl-lab-dns-${session}`;
    let networkId: string | null = null;
    let plan: NetworkPlan | null = null;
    let lastError: unknown;
    for (let i = 0; i < (o.subnetTries ?? 8) && !networkId; i++) {
      const subnet = randomSubnet((n) => randomInt(n));
      try {
        plan = networkPlan(subnet);
        networkId = await o.engine.createNetwork(name, labels(), subnet, plan.dynamicRange);
      } catch (e) {
        lastError = e;
        if (!isSubnetOverlap((e as Error).message)) throw e;
      }
    }
    if (!networkId || !plan) {
      throw new LabError('internal', `No free subnet for the DNS lab's network in 198.18.0.0/15: ${(lastError as Error)?.message ?? ''}`, 'Remove unused Docker networks (`docker network prune`) and run again.');
    }
    // removes the network if this process dies without disposing it (kill -9)
    const watcher = watchNetwork(networkId);
    const image = o.images?.glibc ?? imageTag('glibc');
    const spec = { image, labels: (service: string) => labels({ [LABEL.service]: service }) };
    try {
      if (!(await o.engine.image(image))) {
        throw new LabError('image-missing', `The DNS lab runs its server in the glibc environment (image ${image}), which is not built yet.`, 'Build the lab images: `npx musl-lab images build`.');
      }
      const dns = await DnsServer.start({ engine: o.engine, image, labels: spec.labels('dns'), network: name, ipv4: plan.addresses.dns, source: readFileSync(DNS_SERVER_SOURCE(), 'utf8') });
      const lab = o.clients(name, clientAddresses(plan));
      return new NetLab(o.engine, session, name, networkId, plan, lab, dns, spec, watcher);
    } catch (e) {
      await o.engine.removeNetwork(networkId).catch(() => undefined);
      watcher?.release();
      throw e;
    }
  }

  /** The DNS server, restarted if it ended (it lives at most LIMITS.serviceLifetimeSeconds). */
  private async server(): Promise<DnsServer> {
    if (!this.dns.alive) {
      await this.dns.dispose();
      this.dns = await DnsServer.start({ engine: this.engine, image: this.spec.image, labels: this.spec.labels('dns'), network: this.networkName, ipv4: this.plan.addresses.dns, source: readFileSync(DNS_SERVER_SOURCE(), 'utf8') });
    }
    return this.dns;
  }

  private cache(): Promise<Dnsmasq> {
    const current = this.dnsmasq;
    const next = (current ?? Promise.resolve(null)).then(async (d) => {
      if (d?.alive) return d;
      await d?.dispose();
      return Dnsmasq.start({ engine: this.engine, image: this.spec.image, labels: this.spec.labels('dnsmasq'), network: this.networkName, ipv4: this.plan.addresses.dnsmasq, upstream: this.plan.addresses.dns });
    });
    this.dnsmasq = next;
    next.catch(() => {
      if (this.dnsmasq === next) this.dnsmasq = null;
    });
    return next;
  }

  /**
   * Set a scenario up for one environment's run: the server's knobs (and an
   * empty query log), an empty dnsmasq cache if the scenario uses it, and the
   * client's resolv.conf and hosts (and nsswitch.conf, when the scenario has one).
   */
  async prepare(env: EnvName, s: DnsScenario): Promise<void> {
    try {
      await this.prepareOnce(env, s);
    } catch (e) {
      this.markBroken(e);
      throw e;
    }
  }

  private async prepareOnce(env: EnvName, s: DnsScenario): Promise<void> {
    if (this.disposed) throw new BugError('The DNS lab was already shut down.');
    let resolvConf: string;
    let hosts: string;
    try {
      resolvConf = resolvConfText(fillPlaceholders(s.resolvConf, this.plan));
      hosts = hostsFile(fillPlaceholders(s.hosts ?? '', this.plan));
    } catch (e) {
      throw new LabError('lesson-invalid', `A DNS scenario is malformed: ${(e as Error).message}.`, 'Fix the step\'s network block (see lessons/README.md).');
    }
    await (await this.server()).request(serverCommands(s.dns));
    if (usesDnsmasq(s)) await (await this.cache()).clearCache();
    await this.lab.setNameResolution(env, { resolvConf, hosts, ...(s.nsswitch !== undefined ? { nsswitch: s.nsswitch } : {}) });
  }

  /** What the lab's DNS server received since the scenario was set up. */
  async queries(): Promise<DnsQuery[]> {
    try {
      const [lines] = await (await this.server()).request(['log']);
      return parseQueryLog(lines ?? [], this.plan);
    } catch (e) {
      this.markBroken(e);
      throw e;
    }
  }

  /** The service containers running now (for doctor and tests). */
  async serviceIds(): Promise<{ dns: string; dnsmasq?: string }> {
    const cache = await this.dnsmasq?.catch(() => null);
    return { dns: this.dns.containerId, ...(cache ? { dnsmasq: cache.containerId } : {}) };
  }

  /** Remove the clients, the services and the network. Safe to call more than once. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    const cache = this.dnsmasq;
    this.dnsmasq = null;
    await Promise.all([this.lab.dispose(), this.dns.dispose(), cache?.then((d) => d.dispose()).catch(() => undefined)]);
    await this.engine.removeNetwork(this.networkId).catch(() => undefined);
    this.watcher?.release();
  }
}
