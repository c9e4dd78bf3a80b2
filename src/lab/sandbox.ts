/**
 * The lab: one warm container per environment for the whole session, learner
 * code compiled and run in it through exec (milliseconds, not a container
 * start), under limits. Everything it returns is plain data; a crash is an
 * outcome, Docker being down is a LabError.
 */
import { randomBytes, randomInt } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { LabError } from '../errors.js';
import { CappedOutput, MarkerSplit } from './capture.js';
import { type Engine, ownerLabels } from './engine.js';
import { ENVIRONMENTS, LABEL, imageTag } from './environments.js';
import { AGENT_SCRIPT, Agent } from './agent.js';
import { LIMITS, agentRequest, fitsInEnv, wrapScript } from './limits.js';
import { NetLab } from './net-lab.js';
import { signalFromExitCode } from './signals.js';
import type { Artifact, CompileRequest, CompileResult, EnvName, RunOutcome, RunRequest } from './types.js';

/** Flags every compile gets: learners see warnings (the brief: warnings on). */
export const BASE_FLAGS = ['-Wall', '-Wextra'];

/** How the build half of a build-and-run went. */
interface BuildPhase {
  /** gcc's exit status; null when the build never finished. */
  status: number | null;
  diagnostics: string;
  durationMs: number;
  timedOut: boolean;
}

interface WarmEnv {
  env: EnvName;
  containerId: string;
  /** The learner's uid in this container: random per session, so two labs never signal each other's processes. */
  uid: number;
  /** Serialises work in one environment: limits and cleanup are per uid. */
  queue: Promise<unknown>;
  /** PID 1 of the container, running requests (see agent.ts). */
  agent: Agent;
}

export interface LabOptions {
  engine: Engine;
  /** Image per environment (tests may point at other tags). */
  images?: Partial<Record<EnvName, string>>;
  now?: () => number;
  /** Attach environments to this network instead of none (the DNS lab). */
  network?: string;
  /** Fixed addresses of the environments on `network`. */
  addresses?: Partial<Record<EnvName, string>>;
}

export class Lab {
  readonly session: string;
  private readonly engine: Engine;
  private readonly warm = new Map<EnvName, Promise<WarmEnv>>();
  private readonly now: () => number;
  private counter = 0;
  private disposed = false;
  private net: Promise<NetLab> | null = null;

  constructor(private readonly opts: LabOptions) {
    this.engine = opts.engine;
    this.now = opts.now ?? (() => performance.now());
    this.session = randomBytes(6).toString('hex');
  }

  image(env: EnvName): string {
    return this.opts.images?.[env] ?? imageTag(env);
  }

  /** Labels of an environment's image (libc, versions, how it was built). */
  async imageLabels(env: EnvName): Promise<Record<string, string>> {
    return (await this.engine.image(this.image(env)))?.labels ?? {};
  }

  /** Start (or reuse) the warm container of an environment. */
  private environment(env: EnvName): Promise<WarmEnv> {
    if (this.disposed) throw new LabError('internal', 'The lab was already shut down.', 'This is a bug in musl-lab; please report it.');
    const previous = this.warm.get(env);
    // An environment whose agent died (its container was killed, or PID 1 ran out of memory) is replaced.
    const w: Promise<WarmEnv> = previous
      ? previous.then(async (x) => {
          if (x.agent.alive) return x;
          await this.engine.removeContainer(x.containerId).catch(() => undefined);
          return this.start(env);
        })
      : this.start(env);
    this.warm.set(env, w);
    w.catch(() => {
      if (this.warm.get(env) === w) this.warm.delete(env); // a failed start is retried next time
    });
    return w;
  }

  private async start(env: EnvName): Promise<WarmEnv> {
    const image = this.image(env);
    if (!(await this.engine.image(image))) {
      throw new LabError(
        'image-missing',
        `The ${ENVIRONMENTS[env].title} environment (image ${image}) is not built yet.`,
        'Build the lab images: `npx musl-lab images build` (a few minutes, once).',
      );
    }
    // A random uid per session: two labs on one engine never signal each other's processes.
    const uid = randomInt(20000, 60000);
    const containerId = await this.engine.createContainer({
      image,
      labels: { ...ownerLabels(this.session), [LABEL.env]: env },
      user: `${uid}:${uid}`,
      cmd: ['sh', '-c', AGENT_SCRIPT],
      openStdin: true,
      init: false, // the agent is PID 1: immune to the learner's kill -9 -1
      memoryBytes: LIMITS.memoryBytes,
      pidsLimit: LIMITS.containerPids,
      nanoCpus: LIMITS.nanoCpus,
      network: this.opts.network,
      ipv4: this.opts.addresses?.[env],
      workingDir: '/lab',
      scratch: [{ path: '/lab', bytes: LIMITS.labDiskBytes }, { path: '/tmp', bytes: LIMITS.tmpDiskBytes }],
    });
    try {
      const agent = new Agent(await this.engine.attach(containerId), env);
      return { env, containerId, uid, queue: Promise.resolve(), agent };
    } catch (e) {
      await this.engine.removeContainer(containerId).catch(() => undefined);
      throw e;
    }
  }

  /** Run `f` with exclusive use of an environment. */
  private async exclusive<T>(env: EnvName, f: (w: WarmEnv) => Promise<T>): Promise<T> {
    const w = await this.environment(env);
    const result = w.queue.then(() => f(w));
    w.queue = result.catch(() => undefined);
    return result;
  }

  private nextDir(kind: 'c' | 'r' | 'x'): string {
    this.counter += 1;
    return `/lab/${kind}${this.counter}`;
  }

  /** Compile C sources with gcc in an environment. A compile error is an outcome (ok: false), not a throw. */
  async compile(env: EnvName, req: CompileRequest): Promise<CompileResult> {
    return this.exclusive(env, async (w) => {
      const dir = this.nextDir('c');
      const output = req.output ?? 'prog';
      const files = req.sources.map((s) => ({ name: safeName(s.name), content: s.content }));
      const command = gccCommand(output, files.map((f) => f.name), req.flags);
      const r = await this.execLimited(w, command, { cwd: dir, files, timeoutMs: req.timeoutMs ?? LIMITS.compileTimeoutMs });
      const ok = r.exitCode === 0 && !r.timedOut;
      return {
        env,
        ok,
        exitCode: r.exitCode,
        diagnostics: (r.stdout + r.stderr).trimEnd(),
        durationMs: r.durationMs,
        timedOut: r.timedOut,
        command,
        artifact: ok ? { builtIn: env, path: `${dir}/${output}`, name: output } : undefined,
      };
    });
  }

  /**
   * Compile and run in one exec: what compile() then run() do, for one Docker
   * round trip instead of two (the common case: a step built and run in the
   * same environment).
   */
  async compileAndRun(env: EnvName, creq: CompileRequest, rreq: RunRequest = {}): Promise<{ compile: CompileResult; run?: RunOutcome }> {
    return this.exclusive(env, async (w) => {
      const dir = this.nextDir('c');
      const output = creq.output ?? 'prog';
      const files = creq.sources.map((s) => ({ name: safeName(s.name), content: s.content }));
      if (rreq.stdin !== undefined) files.push({ name: '.stdin', content: rreq.stdin });
      const command = gccCommand(output, files.map((f) => f.name), creq.flags);
      const r = await this.execLimited(w, [`./${output}`, ...(rreq.args ?? [])], {
        cwd: dir,
        files,
        stdinFile: rreq.stdin !== undefined ? '.stdin' : undefined,
        env: rreq.env,
        ulimits: rreq.ulimits,
        timeoutMs: rreq.timeoutMs ?? LIMITS.runTimeoutMs,
        keepBytes: rreq.maxOutputBytes,
        build: { argv: command, timeoutMs: creq.timeoutMs ?? LIMITS.compileTimeoutMs },
      });
      const b = r.build!;
      const ok = b.status === 0;
      const compile: CompileResult = {
        env,
        ok,
        exitCode: b.status,
        diagnostics: b.diagnostics.trimEnd(),
        durationMs: b.durationMs,
        timedOut: b.timedOut,
        command,
        artifact: ok ? { builtIn: env, path: `${dir}/${output}`, name: output } : undefined,
      };
      if (!ok) return { compile };
      const { build: _b, ...run } = r;
      return { compile, run: { env, ...run } };
    });
  }

  /** Copy a built program into another environment (compile on glibc, run on musl). */
  async transfer(artifact: Artifact, to: EnvName): Promise<Artifact> {
    if (artifact.builtIn === to) return artifact;
    const from = await this.environment(artifact.builtIn);
    const file = await this.engine.getFile(from.containerId, artifact.path);
    return this.putArtifact(to, artifact.name, file.content);
  }

  /** Read a file out of an environment: a built program, or a system binary such as /usr/bin/ls. */
  async readFile(env: EnvName, file: string): Promise<Buffer> {
    const w = await this.environment(env);
    return (await this.engine.getFile(w.containerId, file)).content;
  }

  /** Put a program from the host into an environment (`check --run`), executable by the learner uid. */
  async putArtifact(env: EnvName, name: string, content: Buffer): Promise<Artifact> {
    const file = safeName(name);
    return this.exclusive(env, async (w) => {
      const dir = this.nextDir('x');
      await this.engine.putFiles(
        w.containerId,
        '/lab',
        [
          { name: path.basename(dir) + '/', content: '', mode: 0o755 },
          { name: `${path.basename(dir)}/${file}`, content, mode: 0o755 },
        ],
        { uid: w.uid, gid: w.uid },
      );
      return { builtIn: env, path: `${dir}/${file}`, name: file };
    });
  }

  /** Run a built program (moved here first if it was built elsewhere). */
  async run(env: EnvName, artifact: Artifact, req: RunRequest = {}): Promise<RunOutcome> {
    const here = await this.transfer(artifact, env);
    return this.command(env, [here.path, ...(req.args ?? [])], req);
  }

  /** Run any command in an environment under the same limits (`ldd`, `file`, `readelf -l`, `locale -a`). */
  async command(env: EnvName, argv: string[], req: RunRequest = {}): Promise<RunOutcome> {
    return this.exclusive(env, async (w) => {
      const r = await this.execLimited(w, argv, {
        cwd: this.nextDir('r'),
        files: req.stdin !== undefined ? [{ name: '.stdin', content: req.stdin }] : [],
        stdinFile: req.stdin !== undefined ? '.stdin' : undefined,
        env: req.env,
        ulimits: req.ulimits,
        timeoutMs: req.timeoutMs ?? LIMITS.runTimeoutMs,
        keepBytes: req.maxOutputBytes,
      });
      return { env, ...r };
    });
  }

  /** The one place a learner process starts: files written, limits in, leftovers killed, output capped. */
  private async execLimited(
    w: WarmEnv,
    argv: string[],
    o: {
      cwd: string;
      files?: { name: string; content: string | Buffer }[];
      stdinFile?: string;
      env?: Record<string, string>;
      ulimits?: RunRequest['ulimits'];
      timeoutMs: number;
      keepBytes?: number;
      /** Build first in the same exec; the run's clock and time limit start when the build ends. */
      build?: { argv: string[]; timeoutMs: number };
    },
  ): Promise<Omit<RunOutcome, 'env'> & { build?: BuildPhase }> {
    // Small text files ride along in the exec's environment; anything else is copied in first.
    const files = o.files ?? [];
    const inline = files.every((f) => fitsInEnv(f.content));
    if (!inline) {
      await this.engine.putFiles(
        w.containerId,
        '/lab',
        [{ name: `${path.basename(o.cwd)}/`, content: '', mode: 0o755 }, ...files.map((f) => ({ name: `${path.basename(o.cwd)}/${f.name}`, content: f.content }))],
        { uid: w.uid, gid: w.uid },
      );
    }
    const user = `${w.uid}:${w.uid}`;
    let killing: Promise<void> | null = null;
    let finished = false;
    // Kill every process of this uid, again and again until the exec returns: a fork bomb can outrun one kill.
    const killAll = () => {
      if (killing) return;
      killing = (async () => {
        while (!finished) {
          await this.engine.exec(w.containerId, { cmd: ['sh', '-c', 'kill -9 -1 2>/dev/null; true'], user }, { stdout: () => {}, stderr: () => {} }).catch(() => undefined);
          await new Promise((r) => setTimeout(r, 100));
        }
      })();
    };
    let outputKilled = false;
    const onFlood = () => {
      outputKilled = true;
      killAll();
    };
    const keep = o.keepBytes ?? LIMITS.keepOutputBytes;
    const stdout = new CappedOutput(keep, LIMITS.killOutputBytes, onFlood);
    const stderr = new CappedOutput(keep, LIMITS.killOutputBytes, onFlood);
    let timedOut = false;
    let timer: NodeJS.Timeout | undefined;
    const arm = (ms: number) => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        timedOut = true;
        killAll();
      }, ms);
    };
    arm(o.build?.timeoutMs ?? o.timeoutMs);
    let t0 = this.now();
    const tStart = t0;
    let buildMs = 0;
    const marker = `musl-lab-built-${randomBytes(6).toString('hex')}`;
    const split = o.build
      ? new MarkerSplit(marker, keep, () => {
          buildMs = this.now() - tStart;
          t0 = this.now(); // the run starts now: its time limit too
          arm(o.timeoutMs);
        }, (b) => stderr.push(b))
      : null;
    try {
      const script = wrapScript({
        cwd: o.cwd,
        files: inline ? files.map((f) => f.name) : [],
        stdinFile: o.stdinFile,
        ulimits: o.ulimits,
        timeoutMs: o.timeoutMs,
        build: o.build && { argv: o.build.argv, marker, timeoutMs: o.build.timeoutMs },
      });
      const request = agentRequest({ fileContents: inline ? files.map((f) => f.content.toString()) : [], env: o.env ?? {}, argv, script });
      const { exitCode } = await w.agent.run(request, { stdout: (b) => stdout.push(b), stderr: (b) => (split ? split.push(b) : stderr.push(b)) });
      const durationMs = this.now() - t0;
      if (split && split.status !== 0) {
        // The build failed (or never finished): nothing ran.
        const buildTimedOut = timedOut && !split.found;
        return {
          exitCode: null, signal: null, stdout: '', stderr: '', timedOut: false, truncated: false, durationMs: 0,
          build: { status: split.status, diagnostics: split.before(), durationMs: this.now() - tStart, timedOut: buildTimedOut },
        };
      }
      return {
        ...(split ? { build: { status: 0, diagnostics: split.before(), durationMs: buildMs, timedOut: false } } : {}),
        exitCode,
        signal: signalFromExitCode(exitCode),
        stdout: stdout.text(),
        stderr: stderr.text() + (outputKilled ? `[musl-lab: the program was stopped after ${LIMITS.killOutputBytes} bytes of output]\n` : ''),
        timedOut,
        truncated: stdout.truncated || stderr.truncated,
        durationMs,
      };
    } finally {
      finished = true;
      clearTimeout(timer);
      await (killing ?? Promise.resolve());
    }
  }

  /**
   * The DNS lab: a network of this lab's own, made on first use, with the lab's
   * DNS server and the environments as clients (see net-lab.ts). Removed by dispose().
   */
  network(): Promise<NetLab> {
    if (this.disposed) throw new LabError('internal', 'The lab was already shut down.', 'This is a bug in musl-lab; please report it.');
    if (!this.net) {
      const n = NetLab.create({ engine: this.engine, images: this.opts.images, now: this.opts.now });
      this.net = n;
      n.catch(() => {
        if (this.net === n) this.net = null; // a failed start is retried next time
      });
    }
    return this.net;
  }

  /**
   * Write an environment's /etc/resolv.conf and /etc/hosts (a DNS lab scenario).
   * The engine bind-mounts both files, so they cannot be copied over; they are
   * written in place by an exec as root, the only one the lab makes: learner
   * code keeps running as its own uid.
   */
  async setNameResolution(env: EnvName, files: { resolvConf: string; hosts: string }): Promise<void> {
    await this.exclusive(env, async (w) => {
      let said = '';
      const sink = (b: Buffer) => void (said += b.toString());
      const r = await this.engine.exec(
        w.containerId,
        {
          cmd: ['sh', '-c', 'printf %s "$RESOLV_CONF" > /etc/resolv.conf && printf %s "$HOSTS" > /etc/hosts'],
          user: '0:0',
          env: [`RESOLV_CONF=${files.resolvConf}`, `HOSTS=${files.hosts}`],
        },
        { stdout: sink, stderr: sink },
      );
      if (r.exitCode !== 0) throw new LabError('internal', `Could not write /etc/resolv.conf in the ${env} environment: ${said.trim() || `exit ${r.exitCode}`}`, 'This is a bug in musl-lab; please report it with `musl-lab doctor`.');
    });
  }

  /** Remove every container this lab started. Safe to call more than once. */
  async dispose(): Promise<void> {
    this.disposed = true;
    const net = this.net;
    this.net = null;
    const all = [...this.warm.values()];
    this.warm.clear();
    await Promise.all([
      net?.then((n) => n.dispose()).catch(() => undefined),
      ...all.map(async (p) => {
        const w = await p.catch(() => null);
        if (w) {
          w.agent.close();
          await this.engine.removeContainer(w.containerId).catch(() => undefined);
        }
      }),
    ]);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.dispose();
  }
}

/** gcc with warnings on; sources before flags so -l and -static work as written; "-E.c" goes as "./-E.c", never an option. */
function gccCommand(output: string, names: string[], flags: string[] = []): string[] {
  const sources = names.filter((n) => /\.(c|s|S)$/.test(n)).map((n) => (n.startsWith('-') ? `./${n}` : n));
  return ['gcc', ...BASE_FLAGS, '-o', output, ...sources, ...flags];
}

function safeName(name: string): string {
  const base = path.basename(name);
  if (!/^[A-Za-z0-9._+-]+$/.test(base) || base.startsWith('.')) {
    throw new LabError('bad-input', `"${name}" is not a plain file name.`, 'Name source files with letters, digits, dots, dashes and underscores, e.g. main.c.');
  }
  return base;
}

/**
 * Remove what crashed runs left behind: lab containers and networks whose
 * owning process on this host is gone, and any older than a day elsewhere.
 */
export async function sweepLeftovers(engine: Engine, isAlive: (pid: number) => boolean = pidAlive): Promise<number> {
  const host = os.hostname();
  const stale = (labels: Record<string, string>) => {
    if (labels[LABEL.host] === host) return !isAlive(Number(labels[LABEL.pid]));
    const created = Date.parse(labels[LABEL.created] ?? '');
    return Number.isFinite(created) && Date.now() - created > 24 * 3600 * 1000;
  };
  let removed = 0;
  for (const c of await engine.listLabContainers()) {
    if (c.labels[LABEL.session] && stale(c.labels)) {
      await engine.removeContainer(c.id);
      removed++;
    }
  }
  for (const n of await engine.listLabNetworks()) {
    if (n.labels[LABEL.session] && stale(n.labels)) {
      await engine.removeNetwork(n.id).catch(() => undefined);
      removed++;
    }
  }
  return removed;
}

export function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
