/**
 * The DNS lab's services: the lab's own DNS server (docker/dns-server/lab-dns.c)
 * and dnsmasq, each a container on the lab network, non-root, without
 * capabilities, labelled, bounded in time, and talked to through its attached
 * standard streams (there are no engine logs to read).
 */
import { randomInt } from 'node:crypto';
import { BugError, LabError } from '../../errors.js';
import type { Attached, ContainerSpec, Engine } from '../../engine/engine.js';
import { LIMITS } from '../limits.js';

/** Splits a byte stream into lines and lets callers wait for the ones they need. */
export class LineReader {
  private partial = '';
  private readonly lines: string[] = [];
  private waiter: (() => void) | null = null;
  private closed = false;
  /** The last lines seen, for error messages. */
  readonly tail: string[] = [];

  push(b: Buffer | string): void {
    this.partial += b.toString();
    const parts = this.partial.split('\n');
    this.partial = parts.pop() ?? '';
    for (const l of parts) {
      this.lines.push(l);
      this.tail.push(l);
      if (this.tail.length > 20) this.tail.shift();
    }
    this.wake();
  }

  close(): void {
    this.closed = true;
    this.wake();
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = null;
    w?.();
  }

  /** The next line matching `test` (lines before it are dropped); null when the stream ends or time runs out. */
  async next(test: (line: string) => boolean, timeoutMs: number): Promise<string | null> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      while (this.lines.length) {
        const l = this.lines.shift()!;
        if (test(l)) return l;
      }
      const left = deadline - Date.now();
      if (this.closed || left <= 0) return null;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiter = () => {
          clearTimeout(t);
          resolve();
        };
      });
    }
  }
}

interface ServiceOptions {
  engine: Engine;
  image: string;
  labels: Record<string, string>;
  network: string;
  ipv4: string;
}

function serviceSpec(o: ServiceOptions, cmd: string[], env: string[] = []): ContainerSpec {
  const uid = randomInt(20000, 60000);
  return {
    image: o.image,
    labels: o.labels,
    user: `${uid}:${uid}`,
    cmd,
    env,
    memoryBytes: LIMITS.serviceMemoryBytes,
    pidsLimit: LIMITS.servicePids,
    nanoCpus: LIMITS.nanoCpus,
    network: o.network,
    ipv4: o.ipv4,
    // Port 53 without root or capabilities: the network namespace's own setting.
    sysctls: { 'net.ipv4.ip_unprivileged_port_start': '0' },
    openStdin: true,
    stdinOnce: true, // when this process goes away, the service's stdin closes, it ends ...
    autoRemove: true, // ... and the engine removes it: nothing outlives a lab killed with kill -9
    workingDir: '/tmp',
  };
}

/** A running service container and its attached streams. */
abstract class Service {
  protected readonly out = new LineReader();
  protected readonly err = new LineReader();
  private ended = false;

  protected constructor(
    protected readonly engine: Engine,
    readonly containerId: string,
    protected readonly attached: Attached,
  ) {
    attached.onStdout((b) => this.out.push(b));
    attached.onStderr((b) => this.err.push(b));
    attached.onClose(() => {
      this.ended = true;
      this.out.close();
      this.err.close();
    });
  }

  get alive(): boolean {
    return !this.ended;
  }

  protected failure(what: string, next: string): LabError {
    const said = [...this.err.tail, ...this.out.tail].slice(-8).join('\n');
    return new LabError('internal', `${what}${said ? `:\n${said}` : ' (it printed nothing)'}`, next);
  }

  /** The failure, with what the engine says about the container (running, gone). */
  protected async diagnosed(what: string, next: string): Promise<LabError> {
    const state = await this.engine.containerInfo(this.containerId).then(
      (i) => (i.running ? 'still running' : 'not running'),
      () => 'removed',
    );
    return this.failure(`${what}; its container is ${state}, its output ${this.alive ? 'open' : 'closed'}`, next);
  }

  async dispose(): Promise<void> {
    this.attached.close();
    await this.engine.removeContainer(this.containerId).catch(() => undefined);
  }
}

/** The lab's own DNS server, compiled from its C source when it starts. */
export class DnsServer extends Service {
  private queue: Promise<unknown> = Promise.resolve();

  static async start(o: ServiceOptions & { source: string }): Promise<DnsServer> {
    const script = [
      'printf %s "$LAB_DNS_SOURCE" > lab-dns.c',
      'gcc -O2 -Wall -Wextra -o lab-dns lab-dns.c',
      `exec ./lab-dns --port 53 --lifetime ${LIMITS.serviceLifetimeSeconds}`,
    ].join(' && ');
    const { id, attached } = await o.engine.createAttached(serviceSpec(o, ['sh', '-c', script], [`LAB_DNS_SOURCE=${o.source}`]));
    const s = new DnsServer(o.engine, id, attached);
    // Ready when it answers a command. (Not when it prints "ready": the engine may wire an attach up a moment
    // after the process starts, and early output can be lost; input waits in the pipe until it is read.)
    try {
      await s.request(['reset'], LIMITS.serviceStartMs);
    } catch {
      const e = await s.diagnosed('The DNS lab\'s server did not start', 'Check that the glibc image is built (`musl-lab images build`); if it is, this is a bug in musl-lab: report the lines above.');
      await s.dispose();
      throw e;
    }
    return s;
  }

  /** Send commands; resolves with each one's answer lines (without the closing "ok"/"end"). One batch at a time. */
  request(commands: string[], timeoutMs = 10_000): Promise<string[][]> {
    const run = this.queue.then(async () => {
      if (!this.alive) throw this.failure('The DNS lab\'s server stopped', 'Run the step again: the lab starts a new one.');
      this.attached.write(commands.map((c) => `${c}\n`).join(''));
      const answers: string[][] = [];
      for (const c of commands) {
        const lines: string[] = [];
        for (;;) {
          const l = await this.out.next((x) => !x.startsWith('ready'), timeoutMs);
          if (l === null) throw this.failure(`The DNS lab's server did not answer "${c}"`, 'Run the step again; if it keeps happening, report it.');
          if (l.startsWith('error')) throw new BugError(`The DNS lab's server refused "${c}": ${l}`);
          if (l === 'ok' || l === 'end') break;
          lines.push(l);
        }
        answers.push(lines);
      }
      return answers;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }
}

/** dnsmasq: a caching DNS forwarder in front of the lab's server. */
export class Dnsmasq extends Service {
  static async start(o: ServiceOptions & { upstream: string }): Promise<Dnsmasq> {
    const cmd = [
      // Start only when the lab says "go": by then the attach is wired up and no log line is lost
      // (dnsmasq logs at once, and the lab waits for one of those lines). dnsmasq never reads its
      // stdin, so a watcher does: when the lab's end of it closes, the watcher kills the service.
      'sh', '-c', 'read -r go || exit 0; exec 3<&0; { cat <&3 >/dev/null; kill -9 -1; } & exec "$@" 3<&-', 'sh',
      // --foreground: a signal for the service reaches dnsmasq once (timeout only bounds its lifetime)
      'timeout', '--foreground', '-s', 'KILL', String(LIMITS.serviceLifetimeSeconds),
      'dnsmasq',
      '--keep-in-foreground', '--conf-file=/dev/null', '--pid-file=', '--user=', '--group=',
      '--no-resolv', '--no-hosts', `--server=${o.upstream}`,
      `--listen-address=${o.ipv4}`, '--bind-interfaces', '--port=53',
      '--cache-size=1000', '--log-queries', '--log-facility=-',
    ];
    const { id, attached } = await o.engine.createAttached(serviceSpec(o, cmd));
    const s = new Dnsmasq(o.engine, id, attached);
    attached.write('go\n');
    if (!(await s.waitCleared(LIMITS.serviceStartMs))) {
      const e = await s.diagnosed('dnsmasq did not start', 'Rebuild the glibc image so it has dnsmasq (`musl-lab images build --force --env glibc`).');
      await s.dispose();
      throw e;
    }
    return s;
  }

  /** dnsmasq logs (to stderr) "cleared cache" once its cache is empty: at start, and after each SIGHUP. */
  private async waitCleared(timeoutMs: number): Promise<boolean> {
    return (await this.err.next((l) => /cleared cache/.test(l), timeoutMs)) !== null;
  }

  /** Empty dnsmasq's cache (SIGHUP) and wait until it says so. */
  async clearCache(): Promise<void> {
    if (!this.alive) throw this.failure('dnsmasq stopped', 'Run the step again: the lab starts a new one.');
    await this.engine.signal(this.containerId, 'SIGHUP');
    if (!(await this.waitCleared(10_000))) throw this.failure('dnsmasq did not clear its cache', 'Run the step again; if it keeps happening, report it.');
  }
}
