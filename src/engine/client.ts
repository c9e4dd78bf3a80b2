/**
 * The one Docker client: the Engine interface (engine.ts) over dockerode, the
 * only module that loads it. Every call has deadlines (the engine's answer
 * within a first-byte limit, the whole call within an overall one) and comes
 * back as plain data or a LabError with the next step (errors.ts).
 * dockerode is loaded on the first call, so commands that never reach the
 * engine do not pay for it; the bundle leaves its BuildKit and ssh parts out
 * unless they are used (scripts/bundle.mjs).
 */
import type Docker from 'dockerode';
import http from 'node:http';
import { inspect } from 'node:util';
import { addAbortSignal, type Duplex, type Readable } from 'node:stream';
import { LabError } from '../errors.js';
import { dockerodeOptions, findEndpoint, processWorld, type Endpoint } from './endpoint.js';
import { askProduct, mountsFor, ulimitsFor } from './quirks.js';
import { SshDialAgent } from './ssh.js';
import type { Attached, ContainerInfo, ContainerSpec, Engine, EngineInfo, ExecSpec, FileEntry, ImageInfo, NetworkInfo, ProgressEvent } from './engine.js';
import { BAD_ADDRESS_NEXT, endpointProblem, engineSaid, noAnswer, notFinished, STUCK_NEXT, translateDockerError } from './errors.js';
import { demultiplexer, firstFileOf, tarOf } from './streams.js';

/** How long an attach may stay open after the engine said its container's process ended (its last output arrives). */
const ATTACH_GRACE_MS = 2000;

/** How long the first call waits for an answer: an endpoint that accepts and never answers must not hang a command. */
export const ENGINE_ANSWER_MS = 10_000;

/** The limits every call runs under (ms). */
export interface Deadlines {
  /** The first call's ping: is anything there that speaks the engine's API? */
  answerMs: number;
  /** Each request of a call: the engine's answer (for a stream, its headers). */
  firstByteMs: number;
  /** A whole ordinary call (inspect, create, copy, ...); long calls (builds, exec) have their own, larger ones. */
  totalMs: number;
}

const DEADLINES: Deadlines = { answerMs: ENGINE_ANSWER_MS, firstByteMs: 60_000, totalMs: 120_000 };
/** A command run by exec, and image transfers, which stream for minutes. */
const EXEC_MS = 10 * 60_000;
const TRANSFER_MS = 60 * 60_000;

/** What a call's body gets: the signal every request carries, and `ask` to put one request under the first-byte deadline. */
interface Call {
  signal: AbortSignal;
  ask<R>(request: Promise<R>): Promise<R>;
}

/** The part of docker-modem that `dial` and the build's progress use. */
interface Modem {
  dial(o: object, cb: (err: unknown, data: unknown) => void): void;
  followProgress(s: Readable, done: (err: unknown) => void, progress: (ev: ProgressLine) => void): void;
}

interface ProgressLine {
  stream?: string;
  status?: string;
  id?: string;
  error?: string;
  errorDetail?: { message?: string };
  progressDetail?: { current?: number; total?: number };
}

/**
 * An ssh:// engine: docker-modem gets an http:// address whose agent runs the system's ssh
 * (ssh.ts), as the docker CLI does. (With protocol "ssh" docker-modem would also format the
 * request address without "//", and url.parse warn DEP0170 on every request.)
 */
function sshOptions(address: string): Docker.DockerOptions {
  const url = new URL(address);
  return { protocol: 'http', host: url.hostname, port: Number(url.port || 22), agent: shortInspect(new SshDialAgent(address), 'SshDialAgent') } as Docker.DockerOptions;
}

/**
 * docker-modem formats every request's options for its debug log with util.inspect (showHidden,
 * no depth limit) whether or not the log is on; an http.Agent with live sockets or an AbortSignal
 * takes milliseconds to walk. Ours are shown as a word instead. (The bundled CLI does not format
 * at all unless DEBUG=modem: scripts/bundle.mjs; this keeps docker-modem loaded unbundled, in tests
 * and benchmarks, as cheap.)
 */
function shortInspect<T extends object>(o: T, name: string): T {
  return Object.defineProperty(o, inspect.custom, { value: () => name });
}

/**
 * docker-modem's constructor reads DOCKER_HOST, DOCKER_TLS_VERIFY and the files of DOCKER_CERT_PATH
 * from this process's environment whatever its options say (modem.js defaultOpts), and throws when
 * cert.pem is missing (a CA alone is enough for the docker CLI). endpoint.ts has read them the
 * CLI's way already: the constructor runs with them hidden (synchronously, so nothing else sees it).
 */
function withoutDockerEnv<T>(make: () => T): T {
  const saved: Record<string, string> = {};
  for (const k of ['DOCKER_HOST', 'DOCKER_TLS_VERIFY', 'DOCKER_CERT_PATH', 'DOCKER_CLIENT_TIMEOUT', 'DOCKER_PATH_PREFIX']) {
    if (process.env[k] === undefined) continue;
    saved[k] = process.env[k]!;
    delete process.env[k];
  }
  try {
    return make();
  } finally {
    Object.assign(process.env, saved);
  }
}

/** A dockerode method given options its typings leave out (ping, version and info take an abortSignal). */
function withOptions<T>(docker: Docker, method: 'ping' | 'version' | 'info', o: object): Promise<T> {
  return (docker as unknown as Record<string, (o: object) => Promise<T>>)[method]!(o);
}

/** A Docker-compatible engine, over dockerode. */
export class DockerEngine implements Engine {
  readonly endpoint: Endpoint;
  private readonly options: Docker.DockerOptions;
  private client: Promise<Docker> | undefined;
  /** Set when the address cannot be used at all: the first call reports it (docker-modem would throw a bare Error). */
  private readonly addressProblem: LabError | null;
  private answered: Promise<void> | null = null;
  /** Which engine answers (quirks.ts): Podman is asked differently. Asked once, at the first create. */
  private product: Promise<string> | undefined;
  private readonly deadlines: Deadlines;

  constructor(env: NodeJS.ProcessEnv = process.env, deadlines: Partial<Deadlines> = {}) {
    // DOCKER_HOST, a docker context, then the sockets engines listen on (endpoint.ts)
    const { endpoint, problem } = findEndpoint(processWorld(env));
    this.endpoint = endpoint;
    this.deadlines = { ...DEADLINES, ...deadlines };
    const unix = endpoint.address.startsWith('unix://');
    this.options = {
      // every field docker-modem would otherwise take from this process's DOCKER_HOST
      ...{ socketPath: undefined, host: undefined, port: undefined, protocol: undefined, ca: undefined, cert: undefined, key: undefined },
      ...dockerodeOptions(endpoint, env),
      // servername '': a socket has no TLS name; without it Node's agent checks the host with isIP, whose IPv6 regex takes 5-25 ms to compile
      ...(unix ? { agent: shortInspect(new http.Agent({ keepAlive: true, servername: '' } as http.AgentOptions), 'Agent') } : {}),
      ...(endpoint.address.startsWith('ssh://') ? sshOptions(endpoint.address) : {}),
    } as Docker.DockerOptions;
    this.addressProblem = problem ?? endpointProblem(endpoint);
  }

  /** dockerode, loaded on first use: commands that never reach the engine (--help) do not pay for it. */
  private docker(): Promise<Docker> {
    return (this.client ??= (async () => {
      if (this.addressProblem) throw this.addressProblem;
      const m = await import('dockerode');
      try {
        return withoutDockerEnv(() => new m.default(this.options));
      } catch (e) {
        throw new LabError('docker-unreachable', `DOCKER_HOST=${this.endpoint.address} is not an engine address.`, BAD_ADDRESS_NEXT, { cause: e });
      }
    })());
  }

  /** The engine answers a ping within answerMs (asked once; a failure is asked again next time). */
  private reachable(): Promise<void> {
    this.answered ??= (async () => {
      const docker = await this.docker();
      const ms = this.deadlines.answerMs;
      const signal = shortInspect(AbortSignal.timeout(ms), 'AbortSignal');
      try {
        await withOptions(docker, 'ping', { abortSignal: signal });
      } catch (e) {
        if (!signal.aborted) throw translateDockerError(e, this.endpoint, 'reach the engine');
        throw new LabError(
          'docker-unreachable',
          `The engine at ${this.endpoint.address} (${this.endpoint.source}) accepted the connection but did not answer within ${ms / 1000} s.`,
          STUCK_NEXT,
          { cause: e },
        );
      }
    })();
    const answered = this.answered;
    answered.catch(() => {
      if (this.answered === answered) this.answered = null;
    });
    return answered;
  }

  /**
   * One call: its requests go out with the first ping (a round trip less on a command's first
   * calls; the ping still decides), each answered within firstByteMs, all done within totalMs.
   * A call that fails or runs late is cancelled, so nothing waits on a silent engine.
   */
  private async call<T>(what: string, body: (docker: Docker, c: Call) => Promise<T>, o: { totalMs?: number; signal?: AbortSignal } = {}): Promise<T> {
    const answered = this.reachable();
    const ctl = new AbortController();
    shortInspect(ctl.signal, 'AbortSignal');
    let late: LabError | null = null;
    const stop = (e: LabError) => {
      late ??= e;
      ctl.abort(late);
    };
    const totalMs = o.totalMs ?? this.deadlines.totalMs;
    const total = setTimeout(() => stop(notFinished(this.endpoint, what, totalMs)), totalMs);
    const cancel = () => ctl.abort(o.signal?.reason);
    if (o.signal?.aborted) cancel();
    o.signal?.addEventListener('abort', cancel, { once: true });
    const { firstByteMs } = this.deadlines;
    const c: Call = {
      signal: ctl.signal,
      ask: (request) => {
        const t = setTimeout(() => stop(noAnswer(this.endpoint, what, firstByteMs)), firstByteMs);
        return request.finally(() => clearTimeout(t));
      },
    };
    const result = this.docker().then((docker) => body(docker, c));
    result.catch(() => undefined);
    try {
      await answered;
      return await result;
    } catch (e) {
      ctl.abort(e);
      throw late ?? translateDockerError(e, this.endpoint, what);
    } finally {
      clearTimeout(total);
      o.signal?.removeEventListener('abort', cancel);
    }
  }

  /**
   * A request made through dockerode's modem (same address, same options) where dockerode's own
   * call will not do: it offers no cancelling, or it sends what an engine misreads. A GET unless
   * `o` says otherwise; `o` is docker-modem's dial options.
   */
  private dial<T>(docker: Docker, c: Call, o: { path: string; statusCodes: Record<number, true | string>; [k: string]: unknown }): Promise<T> {
    const modem = docker.modem as unknown as Modem;
    return c.ask(new Promise<T>((resolve, reject) => modem.dial({ method: 'GET', options: {}, ...o, abortSignal: c.signal }, (err, data) => (err ? reject(err) : resolve(data as T)))));
  }

  async info(): Promise<EngineInfo> {
    return this.call('ask the engine for its version', async (docker, c) => {
      const [v, info] = await Promise.all([
        c.ask(withOptions<Docker.DockerVersion & { Components?: { Name: string }[] }>(docker, 'version', { abortSignal: c.signal })),
        c.ask(withOptions<{ CgroupVersion?: string }>(docker, 'info', { abortSignal: c.signal })),
      ]);
      const product = (v.Components ?? []).some((x) => /podman/i.test(x.Name)) ? 'Podman' : 'Docker Engine';
      return { endpoint: this.endpoint, product, version: v.Version, apiVersion: v.ApiVersion, os: v.Os, arch: v.Arch, cgroupVersion: info.CgroupVersion };
    });
  }

  async image(tag: string): Promise<ImageInfo | null> {
    return this.call(`inspect image ${tag}`, async (docker, c) => {
      try {
        const i = await this.dial<Docker.ImageInspectInfo>(docker, c, { path: `/images/${tag}/json`, statusCodes: { 200: true, 404: 'no such image', 500: 'server error' } });
        return { tag, id: i.Id, sizeBytes: i.Size, created: i.Created, labels: i.Config?.Labels ?? {} };
      } catch (e) {
        if ((e as { statusCode?: number }).statusCode === 404) return null; // not built: an answer, not a failure
        throw e;
      }
    });
  }

  async removeImage(tag: string): Promise<void> {
    await this.call(`remove image ${tag}`, (docker, c) => c.ask(docker.getImage(tag).remove({ force: true, abortSignal: c.signal })));
  }

  async pull(ref: string, onProgress: (p: ProgressEvent) => void, signal?: AbortSignal): Promise<{ ok: true } | { ok: false; reason: string }> {
    try {
      await this.call(`pull ${ref}`, async (docker, c) => this.follow(docker, await c.ask(docker.pull(ref, { abortSignal: c.signal }) as Promise<Readable>), onProgress, c), { totalMs: TRANSFER_MS, signal }).then((failure) => {
        if (failure) throw Object.assign(new Error(failure), { pullFailure: true });
      });
      return { ok: true };
    } catch (e) {
      if ((e as { pullFailure?: boolean }).pullFailure) return { ok: false, reason: (e as Error).message };
      const t = translateDockerError(e, this.endpoint, `pull ${ref}`);
      if (t.kind === 'docker-unreachable' || t.kind === 'docker-permission' || t.kind === 'cancelled' || t.kind === 'disk-full') throw t;
      return { ok: false, reason: t.message };
    }
  }

  async build(opts: Parameters<Engine['build']>[0]): Promise<void> {
    const failure = await this.call(
      `build ${opts.tag}`,
      async (docker, c) => {
        const stream = (await c.ask(
          docker.buildImage(
            { context: opts.contextDir, src: opts.files },
            { t: opts.tag, dockerfile: opts.dockerfile, buildargs: opts.buildArgs, labels: opts.labels, rm: true, forcerm: true, abortSignal: c.signal } as Docker.ImageBuildOptions,
          ),
        )) as Readable;
        return this.follow(docker, stream, opts.onProgress, c);
      },
      { totalMs: TRANSFER_MS, signal: opts.signal },
    );
    if (failure) {
      if (/no space left on device/i.test(failure)) throw translateDockerError(new Error(failure), this.endpoint, `build ${opts.tag}`);
      throw new LabError('build-failed', `Building ${opts.tag} failed: ${failure}`, 'Read the build output above, fix its cause (the network to the package archive, disk space) and build again. Nothing half-built is kept under the tag.');
    }
  }

  /** Create an image from a root filesystem tarball (what `docker import` does). */
  async importRootfs(tar: Readable, repo: string, tag: string, signal?: AbortSignal): Promise<void> {
    const failure = await this.call(
      `import ${repo}:${tag}`,
      async (docker, c) => this.follow(docker, (await c.ask(docker.importImage(tar as unknown as string, { repo, tag, abortSignal: c.signal } as object))) as Readable, () => {}, c),
      { totalMs: TRANSFER_MS, signal },
    );
    if (failure) throw new LabError('build-failed', `Importing ${repo}:${tag} failed: ${failure}`, 'Check disk space, then import again.');
  }

  /** Stream the given images as one tarball (docker save); the caller reads it. */
  async saveImages(tags: string[]): Promise<Readable> {
    // dockerode has getImages (GET /images/get?names=...) but its typings miss it.
    return this.call('export images', (docker, c) => c.ask((docker as unknown as { getImages(o: object): Promise<Readable> }).getImages({ names: tags })));
  }

  async loadImages(tar: Readable): Promise<void> {
    const failure = await this.call('import images', async (docker, c) => this.follow(docker, (await c.ask(docker.loadImage(tar as unknown as string, { abortSignal: c.signal } as object))) as Readable, () => {}, c), {
      totalMs: TRANSFER_MS,
    });
    if (failure) throw new LabError('bad-input', `The engine could not load that file: ${failure}`, 'Check that the file is an image archive (docker save) and was copied completely.');
  }

  /** Read a JSON-lines progress stream; resolves to the error text if the engine reported one. */
  private follow(docker: Docker, stream: Readable, onProgress: (p: ProgressEvent) => void, c: Call): Promise<string | null> {
    addAbortSignal(c.signal, stream);
    return new Promise((resolve, reject) => {
      let failure: string | null = null;
      stream.once('error', reject);
      (docker.modem as unknown as Modem).followProgress(
        stream,
        (err) => {
          if (c.signal.aborted) return reject(c.signal.reason);
          if (err) failure ??= String((err as Error).message ?? err);
          resolve(failure);
        },
        (ev) => {
          if (ev.error || ev.errorDetail) {
            failure = ev.errorDetail?.message ?? ev.error ?? 'unknown error';
            return;
          }
          const text = (ev.stream ?? ev.status ?? '').replace(/\s+$/, '');
          if (text) onProgress({ text, id: ev.id, current: ev.progressDetail?.current, total: ev.progressDetail?.total });
        },
      );
    });
  }

  async createContainer(spec: ContainerSpec, o: { start?: boolean } = {}): Promise<string> {
    return this.call(`start a container from ${spec.image}`, async (docker, c) => {
      const id = await this.create(docker, c, spec);
      if (o.start !== false) await c.ask(docker.getContainer(id).start({ abortSignal: c.signal }));
      return id;
    });
  }

  async createAttached(spec: ContainerSpec): Promise<{ id: string; attached: Attached }> {
    return this.call(`start a container from ${spec.image}`, async (docker, c) => {
      const id = await this.create(docker, c, spec);
      let attached: Attached | undefined;
      try {
        attached = await this.attachTo(docker, c, id);
        await c.ask(docker.getContainer(id).start({ abortSignal: c.signal }));
        return { id, attached };
      } catch (e) {
        // the engine keeps the attach of a container that never started open, even once it is removed
        attached?.close();
        await this.removeContainer(id).catch(() => undefined);
        throw e;
      }
    });
  }

  /** The engine's create request for a spec. */
  private createBody(spec: ContainerSpec, product: string): Docker.ContainerCreateOptions {
    return {
      Image: spec.image,
      Cmd: spec.cmd,
      User: spec.user,
      Labels: spec.labels,
      Env: spec.env,
      WorkingDir: spec.workingDir ?? '/',
      NetworkDisabled: !spec.network,
      OpenStdin: spec.openStdin ?? false,
      StdinOnce: spec.stdinOnce ?? false,
      AttachStdin: spec.openStdin ?? false,
      NetworkingConfig: spec.network && spec.ipv4 ? { EndpointsConfig: { [spec.network]: { IPAMConfig: { IPv4Address: spec.ipv4 } } } } : undefined,
      HostConfig: {
        // A tmpfs as an anonymous volume, not HostConfig.Tmpfs: the engine's archive API (putFiles, getFile)
        // cannot see a Tmpfs mount (a copy lands hidden beneath it); a volume it can. Removed with the container.
        // (Podman drops a volume's options: there they are tmpfs mounts, quirks.ts mountsFor)
        Mounts: mountsFor(product, spec.scratch?.map((m) => ({
          Type: 'volume' as const,
          Source: '', // anonymous
          Target: m.path,
          VolumeOptions: { NoCopy: true, Labels: spec.labels, DriverConfig: { Name: 'local', Options: { type: 'tmpfs', device: 'tmpfs', o: `size=${m.bytes},mode=${m.mode ?? '1777'}` } } },
        }))),
        Sysctls: spec.sysctls,
        // Output must not pile up in the engine's log files.
        LogConfig: { Type: 'none', Config: {} },
        NetworkMode: spec.network ?? 'none',
        Memory: spec.memoryBytes,
        MemorySwap: spec.memoryBytes, // no swap: the memory limit is real
        PidsLimit: spec.pidsLimit,
        NanoCpus: spec.nanoCpus,
        CapDrop: ['ALL'],
        CapAdd: spec.capAdd,
        SecurityOpt: ['no-new-privileges'],
        Init: spec.init ?? true, // an init reaps orphans (fork bombs leave many)
        Ulimits: ulimitsFor(product, [{ Name: 'core', Soft: 0, Hard: 0 }]),
        AutoRemove: spec.autoRemove ?? false,
        ReadonlyRootfs: spec.readonlyRootfs ?? false,
        Privileged: false,
      },
    } as Docker.ContainerCreateOptions;
  }

  private async create(docker: Docker, c: Call, spec: ContainerSpec): Promise<string> {
    const asked = (this.product ??= askProduct((path) => this.dial(docker, c, { path, statusCodes: { 200: true, 404: 'not found' } })));
    const product = await asked.catch((e: unknown) => {
      if (this.product === asked) this.product = undefined; // a failed ask is asked again next time
      throw e;
    });
    const body = this.createBody(spec, product);
    // _query and _body: docker-modem would otherwise send the whole request in the query string too
    const options = { _query: spec.name ? { name: spec.name } : {}, _body: body, abortSignal: c.signal } as unknown as Docker.ContainerCreateOptions;
    return (await c.ask(docker.createContainer(options))).id;
  }

  async signal(containerId: string, signal: string): Promise<void> {
    await this.call('signal a container', (docker, c) => c.ask(docker.getContainer(containerId).kill({ signal, abortSignal: c.signal })));
  }

  async attach(containerId: string): Promise<Attached> {
    return this.call('attach to a container', (docker, c) => this.attachTo(docker, c, containerId));
  }

  /** Attach to a container's stdin/stdout/stderr (multiplexed: Tty is off). */
  private async attachTo(docker: Docker, c: Call, containerId: string): Promise<Attached> {
    // Through the modem, not container.attach: that sends its options as a JSON body too, which Docker
    // ignores and Podman hands to the process as its first stdin bytes ({"stream":true,...}); with no
    // body at all docker-modem sends `Transfer-Encoding: chunked`, and both engines then left the
    // attach waiting (measured: Docker 20.10, Podman 4.3.1). An empty body of stated length 0 both take.
    const container = docker.getContainer(containerId);
    const stream = await this.dial<Duplex>(docker, c, {
      path: `/containers/${encodeURIComponent(containerId)}/attach?`,
      method: 'POST',
      isStream: true,
      hijack: true,
      openStdin: true,
      file: Buffer.alloc(0),
      headers: { 'Content-Type': 'text/plain' },
      statusCodes: { 101: true, 200: true, 400: 'bad parameter', 404: 'no such container', 409: 'container is stopped or paused', 500: 'server error' },
      options: { _query: { stream: true, stdin: true, stdout: true, stderr: true } },
    });
    // What arrives before the caller has listened is kept and handed over when it does: a process that
    // starts fast (the agent says "@ready" at once) can print before the start call has even returned.
    const early: { out: Buffer[]; err: Buffer[] } = { out: [], err: [] };
    let out: (b: Buffer) => void = (b) => void early.out.push(b);
    let err: (b: Buffer) => void = (b) => void early.err.push(b);
    let closed: ((e?: LabError) => void) | null = null;
    let ended = false;
    let engineError: LabError | undefined;
    const watch = new AbortController();
    const end = () => {
      watch.abort();
      if (!ended) {
        ended = true;
        closed?.(engineError);
      }
    };
    const system = (b: Buffer) => {
      engineError ??= engineSaid(this.endpoint, 'attach to a container', b.toString('utf8'));
      stream.destroy();
    };
    stream.on('data', demultiplexer((b) => out(b), (b) => err(b), system));
    stream.on('end', end);
    stream.on('close', end);
    stream.on('error', end);
    // The engine does not always end an attach when its container goes (one removed before it started
    // keeps it open for ever): the engine's own wait says when the process ended or the container went,
    // and the attach is ended then, after a moment for the last output to arrive.
    void container
      .wait({ condition: 'next-exit', abortSignal: watch.signal })
      // it ended, or is gone already; an engine that cannot wait so (an error of another kind) is not taken as an end
      .then(() => true, (e: unknown) => (e as { statusCode?: number }).statusCode === 404)
      .then((over) => {
        if (!over || watch.signal.aborted) return;
        setTimeout(() => stream.destroy(), ATTACH_GRACE_MS).unref();
      });
    return {
      write: (s) => void stream.write(s),
      onStdout: (f) => {
        out = f;
        for (const b of early.out.splice(0)) f(b);
      },
      onStderr: (f) => {
        err = f;
        for (const b of early.err.splice(0)) f(b);
      },
      onClose: (f) => {
        closed = f;
        if (ended) f(engineError); // it ended before anyone listened
      },
      // half-closing is not enough: the engine keeps a warm container's connection open
      close: () => {
        watch.abort();
        stream.end(() => stream.destroy());
      },
    };
  }

  async removeContainer(id: string): Promise<void> {
    await this.call('remove a container', async (docker, c) => {
      try {
        await c.ask(docker.getContainer(id).remove({ force: true, v: true, abortSignal: c.signal }));
      } catch (e) {
        const code = (e as { statusCode?: number }).statusCode;
        if (code !== 404 && code !== 409) throw e; // already gone or being removed
      }
    });
  }

  async containerInfo(id: string): Promise<ContainerInfo> {
    return this.call('inspect a container', async (docker, c) => {
      const i = await c.ask(docker.getContainer(id).inspect({ abortSignal: c.signal }));
      const nets = (i.NetworkSettings?.Networks ?? {}) as Record<string, { IPAddress?: string }>;
      return {
        user: i.Config.User,
        running: i.State.Running,
        capDrop: (i.HostConfig.CapDrop as string[] | null) ?? [],
        sysctls: (i.HostConfig as { Sysctls?: Record<string, string> }).Sysctls ?? {},
        addresses: Object.fromEntries(Object.entries(nets).map(([n, v]) => [n, v.IPAddress ?? ''])),
      };
    });
  }

  async networkInfo(id: string): Promise<NetworkInfo | null> {
    return this.call('inspect a network', async (docker, c) => {
      try {
        const n = await this.dial<{ Name: string; Internal: boolean; IPAM?: { Config?: { Subnet?: string }[] }; Containers?: Record<string, unknown> }>(docker, c, { path: `/networks/${id}`, statusCodes: { 200: true, 404: 'no such network', 500: 'server error' } });
        return { name: n.Name, internal: n.Internal, subnets: (n.IPAM?.Config ?? []).map((x) => x.Subnet ?? ''), containers: Object.keys(n.Containers ?? {}).length };
      } catch (e) {
        if ((e as { statusCode?: number }).statusCode === 404) return null;
        throw e;
      }
    });
  }

  /**
   * Run a command in a running container, streaming its output to the sinks.
   * The exit code comes from exec inspect, not the stream (the stream can end first).
   */
  async exec(containerId: string, spec: ExecSpec, sinks: { stdout: (b: Buffer) => void; stderr: (b: Buffer) => void }): Promise<{ exitCode: number }> {
    const what = 'run a command in a container';
    return this.call(
      what,
      async (docker, c) => {
        const exec = await c.ask(
          docker.getContainer(containerId).exec({ Cmd: spec.cmd, User: spec.user, Env: spec.env, WorkingDir: spec.workingDir, AttachStdin: false, AttachStdout: true, AttachStderr: true, Tty: false, abortSignal: c.signal }),
        );
        const stream = (await c.ask(exec.start({ hijack: true, stdin: false, Detach: false, Tty: false, abortSignal: c.signal } as Docker.ExecStartOptions))) as unknown as Duplex;
        addAbortSignal(c.signal, stream);
        let said = '';
        await new Promise<void>((resolve, reject) => {
          stream.on('data', demultiplexer(sinks.stdout, sinks.stderr, (b) => void (said += b.toString('utf8'))));
          stream.once('end', resolve);
          stream.once('close', resolve);
          stream.once('error', reject);
          stream.end(); // nothing goes to its stdin
        });
        stream.destroy();
        if (said) throw engineSaid(this.endpoint, what, said);
        // The stream may close a moment before the engine records the exit.
        for (let i = 0; i < 200; i++) {
          const info = await c.ask(exec.inspect({ abortSignal: c.signal } as object));
          if (!info.Running && typeof info.ExitCode === 'number') return { exitCode: info.ExitCode };
          await new Promise((r) => setTimeout(r, 5));
        }
        throw new LabError('internal', `The engine at ${this.endpoint.address} ended a command's output but did not report its exit status within a second.`, STUCK_NEXT);
      },
      { totalMs: EXEC_MS },
    );
  }

  async putFiles(containerId: string, dir: string, files: FileEntry[], owner: { uid: number; gid: number }): Promise<void> {
    const archive = await tarOf(files, owner);
    await this.call('copy files into a container', (docker, c) => c.ask(docker.getContainer(containerId).putArchive(archive, { path: dir, abortSignal: c.signal }))).catch((e: LabError) => {
      // A scratch folder is a fixed-size tmpfs (ContainerSpec.scratch): full is that folder, not the engine's disk.
      if (e.kind !== 'disk-full') throw e;
      throw new LabError('disk-full', `No room left in ${dir} of the container for ${files.filter((f) => !f.name.endsWith('/')).length} file(s).`, `Copy in smaller files, or make room in ${dir}.`, { cause: e });
    });
  }

  async getFile(containerId: string, path: string): Promise<{ content: Buffer; mode: number }> {
    return this.call(`copy ${path} out of a container`, async (docker, c) => {
      const archive = (await c.ask(docker.getContainer(containerId).getArchive({ path, abortSignal: c.signal }))) as Readable;
      return firstFileOf(addAbortSignal(c.signal, archive), path);
    });
  }

  async createNetwork(name: string, labels: Record<string, string>, subnet: string, dynamicRange?: string): Promise<string> {
    return this.call(`create network ${name}`, async (docker, c) => {
      const n = await c.ask(
        docker.createNetwork({
          Name: name,
          Driver: 'bridge',
          Internal: true, // no route out: traffic stays on this machine
          Labels: labels,
          IPAM: { Config: [{ Subnet: subnet, ...(dynamicRange ? { IPRange: dynamicRange } : {}) }] },
          abortSignal: c.signal,
        } as Docker.NetworkCreateOptions),
      );
      return n.id;
    });
  }

  async removeNetwork(id: string): Promise<void> {
    await this.call('remove a network', async (docker, c) => {
      try {
        await c.ask(docker.getNetwork(id).remove({ abortSignal: c.signal }));
      } catch (e) {
        if ((e as { statusCode?: number }).statusCode !== 404) throw e;
      }
    });
  }

  async clock(): Promise<number> {
    return this.call('ask the engine for its time', async (docker, c) => {
      const t = Date.parse((await c.ask(withOptions<{ SystemTime?: string }>(docker, 'info', { abortSignal: c.signal }))).SystemTime ?? '');
      return Number.isFinite(t) ? t : Date.now();
    });
  }

  async listContainers(label: string): Promise<{ id: string; labels: Record<string, string>; state: string; created: number }[]> {
    return this.call('list containers', async (docker, c) => {
      const list = await c.ask(docker.listContainers({ all: true, filters: { label: [label] }, abortSignal: c.signal }));
      return list.map((x) => ({ id: x.Id, labels: x.Labels ?? {}, state: x.State, created: x.Created * 1000 }));
    });
  }

  async listNetworks(label: string): Promise<{ id: string; labels: Record<string, string>; created: number }[]> {
    return this.call('list networks', async (docker, c) => {
      const list = await c.ask(docker.listNetworks({ filters: { label: [label] }, abortSignal: c.signal }));
      return list.map((n) => ({ id: n.Id, labels: n.Labels ?? {}, created: Date.parse(n.Created) || 0 }));
    });
  }
}
