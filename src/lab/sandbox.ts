/**
 * The lab: one container per environment for the whole session, learner
 * code built and run in it by the environment's agent (milliseconds, not a
 * container start), under limits. Everything it returns is plain data; a
 * crash is an outcome, Docker being down is a LabError. Every request reports
 * its phases (queued, compiling, running, done) as they happen.
 */
import { randomBytes, randomInt } from 'node:crypto';
import path from 'node:path';
import { BugError, LabError } from '../errors.js';
import { requestFields, type AgentReply, type Field } from './agent-protocol.js';
import { isEnvVarName } from './program-options.js';
import { Agent, agentCommand, agentHash } from './agent.js';
import { decodeOutput } from './bytes.js';
import { NetLab } from './dns/net-lab.js';
import type { Engine, ImageInfo } from '../engine/engine.js';
import { ENVIRONMENTS, LABEL, imageTag, ownerLabels } from './environments.js';
import { LIMITS } from './limits.js';
import type { LabSession } from './session.js';
import { signalFromExitCode } from './signals.js';
import { type ListedContainer, WARM, chooseWarm, lockFile, warmStartLock } from './warm.js';
import { withLock } from '../util/lock.js';
import { onceBy } from '../util/once.js';
import type { Artifact, BuildTool, CallOptions, CompileRequest, CompileResult, Compiler, EnvName, Phase, PhaseListener, RunOutcome, RunRequest } from './types.js';

/** Flags every compile gets: learners see warnings (the brief: warnings on). */
export const BASE_FLAGS = ['-Wall', '-Wextra'];
/** How long environments starting together share one container listing; a later start lists again (warm ones may have ended or appeared). */
const LISTING_FRESH_MS = 2000;
/** How long a request waits for another command's request on a shared container (the longest a default request takes, and more). */
const REQUEST_LOCK_MS = LIMITS.compileTimeoutMs + LIMITS.runTimeoutMs + 30_000;
/** How long a start waits for another command starting the same owner's environment (an agent may compile itself first). */
const WARM_START_LOCK_MS = 120_000;

interface WarmEnv {
  env: EnvName;
  containerId: string;
  /** Shared with other commands (a warm container): requests take its lock file, dispose leaves it running. */
  shared: boolean;
  /** The learner's uid in this container: random per session, never the agent's (root). */
  uid: number;
  /** Serialises work in one environment: limits and cleanup are per uid. */
  queue: Promise<unknown>;
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
  /** Listeners told of every phase of every request (besides each call's own). */
  phaseListeners?: Set<PhaseListener>;
  /**
   * Keep the environments warm for later commands: reuse a warm container of this user and
   * image, or leave the new ones running until `idleSeconds` pass without a request (warm.ts).
   */
  keepWarm?: { idleSeconds: number; owner: string };
  /**
   * Called once before this lab starts its first container (not when warm ones serve):
   * the sweep of what crashed labs left, paid only by commands that start something.
   */
  beforeStart?: () => Promise<unknown>;
}

export class Lab implements LabSession {
  readonly session: string;
  private readonly engine: Engine;
  private readonly warm = new Map<EnvName, Promise<WarmEnv>>();
  private readonly now: () => number;
  private readonly listeners: Set<PhaseListener>;
  private counter = 0;
  private disposed = false;
  private net: Promise<NetLab> | null = null;
  /** Asked once per lab: every environment's start and the version headings share the answers. */
  private readonly inspect: (image: string) => Promise<ImageInfo | null>;
  /** The lab containers on the engine: one listing for environments starting together, asked again once stale. */
  private readonly listed: () => Promise<ListedContainer[]>;
  private beforeStart: Promise<unknown> | null = null;
  /** Some request left a folder in an environment (anything but a discarded compile-and-run): dispose removes them. */
  private keptFolders = false;

  constructor(private readonly opts: LabOptions) {
    this.engine = opts.engine;
    this.now = opts.now ?? (() => performance.now());
    this.session = randomBytes(6).toString('hex');
    this.listeners = opts.phaseListeners ?? new Set();
    this.inspect = onceBy((image) => this.engine.image(image));
    const listing = onceBy(() => this.engine.listContainers(LABEL.app), { forgetAfterMs: LISTING_FRESH_MS });
    this.listed = () => listing(null);
  }

  image(env: EnvName): string {
    return this.opts.images?.[env] ?? imageTag(env);
  }

  onPhase(listener: PhaseListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(o: CallOptions | undefined, env: EnvName, phase: Phase, extra: { compile?: CompileResult; outcome?: RunOutcome } = {}): void {
    const e = { env, phase, at: this.now(), ...extra };
    for (const l of this.listeners) l(e);
    o?.onPhase?.(e);
  }

  /** Labels of an environment's image (libc, versions, how it was built). */
  async imageLabels(env: EnvName): Promise<Record<string, string>> {
    return (await this.inspect(this.image(env)))?.labels ?? {};
  }

  /** Start (or reuse) the container of an environment. */
  private environment(env: EnvName): Promise<WarmEnv> {
    if (this.disposed) throw new BugError('The lab was already shut down.');
    const previous = this.warm.get(env);
    // An environment whose agent ended (idle too long, killed, out of memory) is replaced.
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
    const info = await this.inspect(image);
    if (!info) {
      throw new LabError(
        'image-missing',
        `The ${ENVIRONMENTS[env].title} environment (image ${image}) is not built yet.`,
        ENVIRONMENTS[env].onDemand
          ? `It is built on demand: \`npx musl-lab images build --env ${env}\` (a few minutes, once; the tutorial builds it when a step first needs it).`
          : 'Build the lab images: `npx musl-lab images build` (a few minutes, once).',
      );
    }
    const warm = this.opts.keepWarm && !this.opts.network ? this.opts.keepWarm : undefined;
    if (!warm) return this.startNew(env, image, info.id);
    // One command at a time finds or starts this owner's warm container of an environment: ten
    // commands starting at once share one container instead of starting ten.
    const want = { env, imageId: info.id, owner: warm.owner, agent: agentHash() };
    return withLock(
      warmStartLock(warm.owner, env),
      async () => {
        // before starting one, list again: the command before this one may have just started it
        const found = chooseWarm(await this.listed(), want) ?? chooseWarm(await this.engine.listContainers(LABEL.app), want);
        if (found) {
          let agent: Agent | undefined;
          try {
            const attached = await this.engine.attach(found.id);
            // its ping goes in under the container's request lock, never into the middle of another command's request
            agent = await withLock(
              lockFile(found.id),
              async () => {
                const a = new Agent(attached, env, { running: true });
                await a.whenReady();
                return a;
              },
              { timeoutMs: REQUEST_LOCK_MS, what: `The ${env} environment` },
            );
            return { env, containerId: found.id, shared: true, uid: found.uid, queue: Promise.resolve(), agent };
          } catch {
            // it ended just now (idle) or does not answer: start a new one, and let go of this one's attach
            agent?.close();
          }
        }
        return this.startNew(env, image, info.id, warm);
      },
      { timeoutMs: WARM_START_LOCK_MS, what: `Starting the ${env} environment` },
    );
  }

  private async startNew(env: EnvName, image: string, imageId: string, warm?: { idleSeconds: number; owner: string }): Promise<WarmEnv> {
    if (this.opts.beforeStart) await (this.beforeStart ??= this.opts.beforeStart().catch(() => undefined));
    // A random learner uid per container: two labs on one engine never share one.
    const uid = randomInt(20000, 60000);
    const { cmd, env: agentEnv } = agentCommand(warm?.idleSeconds ?? LIMITS.agentIdleSeconds);
    const { id: containerId, attached } = await this.engine.createAttached({
      image,
      labels: { ...ownerLabels(this.session), [LABEL.env]: env, ...(warm ? { [WARM.warm]: '1', [WARM.owner]: warm.owner, [WARM.imageId]: imageId, [WARM.uid]: String(uid), [WARM.agent]: agentHash() } : {}) },
      // The agent is root with two capabilities only: enough to become the learner, nothing else.
      user: '0:0',
      capAdd: ['SETUID', 'SETGID'],
      cmd,
      env: agentEnv,
      openStdin: true,
      // this process gone (even by kill -9): stdin closes, the agent exits ... (a warm one waits for its idle time)
      stdinOnce: !warm,
      autoRemove: true, // ... and the engine removes the container
      init: false, // the agent is PID 1 and reaps orphans itself
      memoryBytes: LIMITS.memoryBytes,
      pidsLimit: LIMITS.containerPids,
      nanoCpus: LIMITS.nanoCpus,
      network: this.opts.network,
      ipv4: this.opts.addresses?.[env],
      workingDir: '/lab',
      scratch: SCRATCH,
      // Nothing else is writable: the image's own world-writable folders (/var/tmp, /run/lock) would be the engine's disk.
      // The DNS lab's clients keep a writable root (the engine mounts /etc/resolv.conf read-only with it), which
      // only root can write: the learner's uids still reach nothing but the scratch places.
      readonlyRootfs: !this.opts.network,
    });
    const agent = new Agent(attached, env);
    try {
      await agent.whenReady();
    } catch (e) {
      await this.engine.removeContainer(containerId).catch(() => undefined);
      throw e;
    }
    return { env, containerId, shared: !!warm, uid, queue: Promise.resolve(), agent };
  }

  /**
   * Run `f` with exclusive use of an environment; the call is "queued" until its turn.
   * With `retry`, an environment lost during the call (its container killed from outside,
   * the engine restarted) is replaced and the call made once more: the learner gets the
   * run's outcome, not a tool failure. Only for calls that carry everything they need.
   */
  private async exclusive<T>(env: EnvName, o: CallOptions | undefined, f: (w: WarmEnv) => Promise<T>, retry = false): Promise<T> {
    this.emit(o, env, 'queued');
    const w = await this.environment(env);
    const result = w.queue.then(() => f(w));
    w.queue = result.catch(() => undefined);
    if (!retry) return result;
    return result.catch(async (e) => {
      if (w.agent.alive || this.disposed || (e as LabError).kind === 'cancelled') throw e;
      return this.exclusive(env, o, f, false);
    });
  }

  /**
   * A fresh folder per request, /lab/<session>-<kind><n>-<random>: the agent makes it new and private
   * (0700, the request's own uid, its HOME), so it cannot have been planted, and dispose purges them by the prefix.
   */
  private nextDir(kind: 'c' | 'r' | 'x'): string {
    this.counter += 1;
    return `/lab/${this.session}-${kind}${this.counter}-${randomBytes(4).toString('hex')}`;
  }

  /** Compile C sources with gcc in an environment. A compile error is an outcome (ok: false), not a throw. */
  async compile(env: EnvName, req: CompileRequest, o?: CallOptions): Promise<CompileResult> {
    return this.exclusive(env, o, async (w) => {
      const dir = this.nextDir('c');
      const output = safeName(req.output ?? 'prog');
      const files = req.sources.map((s) => ({ name: safeName(s.name), content: s.content }));
      const command = buildCommand(output, files.map((f) => f.name), req);
      const reply = await this.request(w, env, o, { cwd: dir, files, build: command, buildMs: req.timeoutMs });
      const compile = compileResult(env, reply, command, dir, output);
      this.emit(o, env, 'done', { compile });
      return compile;
    }, true);
  }

  /**
   * Compile and run in one request: what compile() then run() do, for one
   * round trip instead of two (the common case: a step built and run in the
   * same environment).
   */
  async compileAndRun(env: EnvName, creq: CompileRequest, rreq: RunRequest = {}, o?: CallOptions): Promise<{ compile: CompileResult; run?: RunOutcome }> {
    return this.exclusive(env, o, async (w) => {
      const dir = this.nextDir('c');
      const output = safeName(creq.output ?? 'prog');
      const files = creq.sources.map((s) => ({ name: safeName(s.name), content: s.content }));
      const command = buildCommand(output, files.map((f) => f.name), creq);
      const argv = [`./${output}`, ...(rreq.args ?? [])];
      const reply = await this.request(w, env, o, { cwd: dir, files, build: command, buildMs: creq.timeoutMs, run: argv, req: rreq, drop: creq.discard });
      const compile = compileResult(env, reply, command, dir, output, creq.discard);
      const run = compile.ok && reply.run ? runOutcome(env, reply, argv) : undefined;
      this.emit(o, env, 'done', { compile, outcome: run });
      return { compile, run };
    }, true);
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
    return this.exclusive(env, undefined, async (w) => {
      const dir = this.nextDir('x');
      const rel = path.relative('/lab', dir);
      this.keptFolders = true;
      // owned by root: every request's uid may run it, none may change it
      await this.engine
        .putFiles(
          w.containerId,
          '/lab',
          [
            { name: `${rel}/`, content: '', mode: 0o755 },
            { name: `${rel}/${file}`, content, mode: 0o755 },
          ],
          { uid: 0, gid: 0 },
        )
        .catch((e: unknown) => {
          // /lab is a fixed-size tmpfs (LIMITS): full is the environment's, not the engine's disk
          if (!(e instanceof LabError) || e.kind !== 'disk-full') throw e;
          throw new LabError('disk-full', `No room left in /lab of the ${env} environment for ${file} (its size is fixed).`, 'Copy in a smaller file; a new musl-lab session starts with empty environments.', { cause: e });
        });
      return { builtIn: env, path: `${dir}/${file}`, name: file };
    });
  }

  /** Run a built program (moved here first if it was built elsewhere). */
  async run(env: EnvName, artifact: Artifact, req: RunRequest = {}, o?: CallOptions): Promise<RunOutcome> {
    const here = await this.transfer(artifact, env);
    return this.command(env, [here.path, ...(req.args ?? [])], { ...req, args: [] }, o);
  }

  /** Run any command in an environment under the same limits (`ldd`, `file`, `readelf -l`, `locale -a`). */
  async command(env: EnvName, argv: string[], req: RunRequest = {}, o?: CallOptions): Promise<RunOutcome> {
    return this.exclusive(env, o, async (w) => {
      const full = [...argv, ...(req.args ?? [])];
      const reply = await this.request(w, env, o, { cwd: this.nextDir('r'), files: [], run: full, req });
      const outcome = runOutcome(env, reply, full);
      this.emit(o, env, 'done', { outcome });
      return outcome;
    }, !argv[0]?.startsWith('/lab/')); // a program put into the lost environment cannot be run again
  }

  /** One request to an environment's agent: files, an optional build, an optional run, under the limits. */
  private async request(
    w: WarmEnv,
    env: EnvName,
    o: CallOptions | undefined,
    r: { cwd: string; files: { name: string; content: string | Buffer }[]; build?: string[]; buildMs?: number; run?: string[]; req?: RunRequest; drop?: boolean },
  ): Promise<AgentReply> {
    const req = r.req ?? {};
    if (!r.drop) this.keptFolders = true;
    for (const k of Object.keys(req.env ?? {})) {
      if (!isEnvVarName(k)) throw new LabError('bad-input', `"${k}" is not an environment variable name.`, 'Use letters, digits and _, not starting with a digit.');
    }
    const fields = requestFields({
      kind: 'run',
      uid: w.uid,
      cwd: r.cwd,
      limits: {
        nproc: LIMITS.runProcesses,
        fsizeKiB: LIMITS.fileSizeKiB,
        keepBytes: req.maxOutputBytes ?? LIMITS.keepOutputBytes,
        hardBytes: LIMITS.killOutputBytes,
        buildMs: r.buildMs ?? LIMITS.compileTimeoutMs,
        runMs: req.timeoutMs ?? LIMITS.runTimeoutMs,
        stackKiB: req.ulimits?.stackKiB,
      },
      files: r.files,
      stdin: req.stdin,
      env: req.env ?? {},
      build: r.build ?? [],
      run: r.run ?? [],
      drop: !!r.drop,
    });
    requestFits(env, fields);
    const send = () => {
      // a cancel stops what runs; what still waited for the environment must not start after it
      if (o?.signal?.aborted) throw new LabError('cancelled', 'The run was cancelled.', 'r runs it again.');
      return w.agent.request(fields, (phase) => this.emit(o, env, phase));
    };
    // a shared container: one request at a time across processes, so none interleave on the agent's stdin
    const limitMs = Math.max(REQUEST_LOCK_MS, (r.buildMs ?? LIMITS.compileTimeoutMs) + (req.timeoutMs ?? LIMITS.runTimeoutMs) + 30_000);
    const reply = w.shared ? await withLock(lockFile(w.containerId), send, { timeoutMs: limitMs, what: `The ${env} environment` }) : await send();
    if (reply.leftovers > 0) {
      throw new LabError('internal', `${reply.leftovers} process(es) of the learner survived the cleanup in ${env}.`, 'Run it again: the lab starts a fresh environment. Please report this.');
    }
    return reply;
  }

  /**
   * The DNS lab: a network of this lab's own, made on first use, with the lab's
   * DNS server and the environments as clients (see dns/net-lab.ts). Removed by dispose().
   */
  network(): Promise<NetLab> {
    if (this.disposed) throw new BugError('The lab was already shut down.');
    const previous = this.net;
    // A network whose service or client failed is replaced whole (network, services, clients): the
    // next run starts from a clean plan instead of repeating the failure for the rest of the session.
    const n = (previous ?? Promise.resolve(null))
      .catch(() => null)
      .then(async (current) => {
        if (current && !current.broken) return current;
        await current?.dispose().catch(() => undefined);
        return NetLab.create({
          engine: this.engine,
          images: this.opts.images,
          // the clients report their phases to this lab's listeners
          clients: (network, addresses) => new Lab({ engine: this.engine, images: this.opts.images, now: this.opts.now, network, addresses, phaseListeners: this.listeners }),
        });
      });
    this.net = n;
    n.catch(() => {
      if (this.net === n) this.net = null; // a failed start is retried next time
    });
    return n;
  }

  /**
   * Write an environment's /etc/resolv.conf and /etc/hosts (a DNS lab scenario).
   * The engine bind-mounts both files, so they cannot be copied over; they are
   * written in place by an exec as root (no capabilities), the only one the lab
   * makes: learner code keeps running as its own uid.
   * A scenario may also set /etc/nsswitch.conf. The image's own file (or its
   * absence) is saved the first time, and put back for scenarios without one,
   * since the client containers serve every step of a session.
   */
  async setNameResolution(env: EnvName, files: { resolvConf: string; hosts: string; nsswitch?: string }): Promise<void> {
    await this.exclusive(env, undefined, async (w) => {
      let said = '';
      const sink = (b: Buffer) => void (said += b.toString());
      const r = await this.engine.exec(
        w.containerId,
        {
          cmd: ['sh', '-c', WRITE_NAME_RESOLUTION],
          user: '0:0',
          env: [`RESOLV_CONF=${files.resolvConf}`, `HOSTS=${files.hosts}`, ...(files.nsswitch !== undefined ? [`NSSWITCH=${files.nsswitch}`, 'SET_NSSWITCH=1'] : [])],
        },
        { stdout: sink, stderr: sink },
      );
      if (r.exitCode !== 0) throw new BugError(`Could not write /etc/resolv.conf, /etc/hosts or /etc/nsswitch.conf in the ${env} environment: ${said.trim() || `exit ${r.exitCode}`}`);
    });
  }

  /**
   * Cancel (LabSession.cancel): in each environment whose agent is busy, `kill -9 -1` as the
   * uid of the request in flight (one exec, ~55 ms). The agent sees its child die, cleans up as after any run
   * and answers; the container is not restarted, so the next run starts at once. Client side
   * side: the agent needs no new request (it names each request's uid when it starts it). The
   * DNS lab's client environments are included.
   */
  async cancel(): Promise<number> {
    const busy = (await Promise.all([...this.warm.values()].map((p) => p.catch(() => null)))).filter((w): w is WarmEnv => !!w && w.agent.alive && w.agent.busy);
    const quiet = { stdout: () => undefined, stderr: () => undefined };
    // As the uid of the request in flight (every request runs as a uid of its own, which the agent
    // names first), and again until that request ends: a kill that lands between the build and the
    // start of the program finds nothing, and the program would then run to its time limit.
    await Promise.all(busy.map(async (w) => {
      const uid = w.agent.requestUid ?? w.uid;
      for (let i = 0; i < 50 && w.agent.busy && (w.agent.requestUid ?? uid) === uid; i++) {
        if (i) await new Promise((r) => setTimeout(r, 100));
        await this.engine.exec(w.containerId, { cmd: ['sh', '-c', 'kill -9 -1'], user: `${uid}:${uid}` }, quiet).catch(() => undefined);
      }
    }));
    const net = await this.net?.catch(() => null);
    return busy.length + ((await net?.lab.cancel?.()) ?? 0);
  }

  /**
   * Remove every container this lab started. Safe to call more than once.
   * With `wait: false` (a command about to exit) the containers are only told to end: the agent
   * exits when its stdin closes and the engine removes the container (AutoRemove), as it would
   * after kill -9, so the command does not wait the 50-90 ms of each removal.
   */
  async dispose(o: { wait?: boolean } = {}): Promise<void> {
    this.disposed = true;
    const net = this.net;
    this.net = null;
    const all = [...this.warm.values()];
    this.warm.clear();
    await Promise.all([
      net?.then((n) => n.dispose()).catch(() => undefined),
      ...all.map(async (p) => {
        const w = await p.catch(() => null);
        if (!w) return;
        if (w.shared && w.agent.alive) {
          // stays warm for the next command: only this session's folders go (if a request kept one), each removed as its owner
          if (this.keptFolders) {
            const purge = () => w.agent.request(requestFields({ kind: 'purge', session: this.session }));
            await withLock(lockFile(w.containerId), purge, { timeoutMs: 30_000, what: `The ${w.env} environment` }).catch(() => undefined);
          }
          w.agent.close();
          return;
        }
        // an idle agent exits at once on EOF; a busy one (a program still running) is removed by force
        const idle = w.agent.alive && !w.agent.busy;
        w.agent.close();
        if (o.wait === false && idle) return;
        await this.engine.removeContainer(w.containerId).catch(() => undefined);
      }),
    ]);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.dispose();
  }
}

/** The writable places of an environment, each of a fixed size (the root filesystem is read-only). */
const SCRATCH = [
  // the requests' folders: anyone may make one (the agent makes it as the request's uid), nobody may list them
  { path: '/lab', bytes: LIMITS.labDiskBytes, mode: '1733' },
  { path: '/tmp', bytes: LIMITS.tmpDiskBytes },
  { path: '/var/tmp', bytes: LIMITS.smallDiskBytes },
  // root's: the agent compiled at start (an image without this agent); the image's /run/lock goes with it
  { path: '/run', bytes: LIMITS.smallDiskBytes, mode: '0755' },
];

/** The agent reads at most 64 MiB and 4096 fields per request (docker/agent/lab-agent.c): a larger one is refused here, with a reason. */
export const MAX_REQUEST_BYTES = 64 * 1024 * 1024;
export const MAX_REQUEST_FIELDS = 4096;

function requestFits(env: EnvName, fields: Field[]): void {
  if (fields.length > MAX_REQUEST_FIELDS) {
    throw new LabError('bad-input', `The run in ${env} has ${fields.length} files, arguments and variables; the lab takes at most ${MAX_REQUEST_FIELDS} in all.`, 'Give fewer files or arguments.');
  }
  let bytes = 0;
  for (const [k, v] of fields) bytes += k.length + (typeof v === 'string' ? Buffer.byteLength(v) : v.length) + 24;
  if (bytes > MAX_REQUEST_BYTES) {
    throw new LabError('bad-input', `The files, arguments and input of the run in ${env} are ${(bytes / 1024 / 1024).toFixed(0)} MiB; the lab takes at most ${MAX_REQUEST_BYTES / 1024 / 1024} MiB per run.`, 'Give smaller files or a smaller --stdin.');
  }
}

/** The script behind setNameResolution: resolv.conf and hosts, then nsswitch.conf set or restored. */
const WRITE_NAME_RESOLUTION = [
  'printf %s "$RESOLV_CONF" > /etc/resolv.conf && printf %s "$HOSTS" > /etc/hosts || exit 1',
  'saved=/etc/.musl-lab-nsswitch',
  '[ -n "$SET_NSSWITCH" ] || [ -d "$saved" ] || exit 0',
  'if [ ! -d "$saved" ]; then mkdir "$saved" && { [ ! -e /etc/nsswitch.conf ] || cp -p /etc/nsswitch.conf "$saved/"; } || exit 1; fi',
  'if [ -n "$SET_NSSWITCH" ]; then printf %s "$NSSWITCH" > /etc/nsswitch.conf',
  'elif [ -e "$saved/nsswitch.conf" ]; then cp -p "$saved/nsswitch.conf" /etc/nsswitch.conf',
  'else rm -f /etc/nsswitch.conf; fi',
].join('\n');

function compileResult(env: EnvName, reply: AgentReply, command: string[], dir: string, output: string, discarded = false): CompileResult {
  const b = reply.build;
  const ok = !!b && b.status === 0 && !b.timedOut;
  return {
    env,
    ok,
    exitCode: b && !b.timedOut ? b.status : null,
    diagnostics: decodeOutput(reply.diag.kept).text.trimEnd(),
    durationMs: b?.ms ?? 0,
    timedOut: !!b?.timedOut,
    command,
    artifact: ok && !discarded ? { builtIn: env, path: `${dir}/${output}`, name: output } : undefined,
  };
}

function runOutcome(env: EnvName, reply: AgentReply, command: string[]): RunOutcome {
  const r = reply.run!;
  const out = decodeOutput(reply.out.kept);
  const err = decodeOutput(reply.err.kept);
  const binary = {
    ...(out.exact ? {} : { stdout: reply.out.kept.toString('base64') }),
    ...(err.exact ? {} : { stderr: reply.err.kept.toString('base64') }),
  };
  return {
    env,
    exitCode: r.status,
    signal: signalFromExitCode(r.status),
    stdout: out.text,
    stderr: err.text,
    timedOut: r.timedOut,
    truncated: reply.out.total > reply.out.kept.length || reply.err.total > reply.err.kept.length,
    flooded: r.flooded,
    totalBytes: { stdout: reply.out.total, stderr: reply.err.total },
    durationMs: r.ms,
    cpuMs: r.cpuMs,
    command,
    ...(Object.keys(binary).length ? { binary } : {}),
  };
}

/** A file name as a command word: one starting with "-" goes as ./name, so it is never an option. */
const fileWord = (n: string) => (n.startsWith('-') ? `./${n}` : n);

/**
 * gcc (or musl-gcc) with warnings on; sources before flags so -l and -static work as
 * written. A name starting with "-" goes as ./name, so "-E.c" is never an option.
 */
export function gccCommand(output: string, names: string[], flags: string[] = [], compiler: Compiler = 'gcc'): string[] {
  return [compiler, ...BASE_FLAGS, '-o', fileWord(output), ...names.filter((n) => /\.(c|s|S)$/.test(n)).map(fileWord), ...flags];
}

/** The build of a request: gcc, or the request's own tool. */
function buildCommand(output: string, names: string[], req: CompileRequest): string[] {
  return req.tool ? toolCommand(output, names, req.flags, req.tool) : gccCommand(output, names, req.flags, req.compiler);
}

/**
 * Another tool's build (go build, rustc, sh build.sh): "{main}" is the first source, "{sources}"
 * all of them, "{flags}" the flags (appended when the command has no such word), "{output}" the
 * program's name. Its variables go in front through env(1): the agent gives a build only PATH and HOME.
 */
export function toolCommand(output: string, names: string[], flags: string[] = [], tool: BuildTool): string[] {
  const words = tool.command.flatMap((w) => {
    if (w === '{sources}') return names.map(fileWord);
    if (w === '{flags}') return flags;
    return [w.replaceAll('{main}', fileWord(names[0] ?? '')).replaceAll('{output}', fileWord(output))];
  });
  if (!tool.command.includes('{flags}')) words.push(...flags);
  const vars = Object.entries(tool.env ?? {}).map(([k, v]) => {
    if (!isEnvVarName(k)) throw new LabError('bad-input', `"${k}" is not an environment variable name.`, 'Use letters, digits and _, not starting with a digit.');
    return `${k}=${v}`;
  });
  return vars.length ? ['env', ...vars, ...words] : words;
}

export function safeName(name: string): string {
  const base = path.basename(name);
  if (!/^[A-Za-z0-9._+-]+$/.test(base) || base.startsWith('.')) {
    throw new LabError('bad-input', `"${name}" is not a plain file name.`, 'Name source files with letters, digits, dots, dashes and underscores, e.g. main.c.');
  }
  return base;
}
