/**
 * The one door to Docker: the only module that talks to the engine.
 * Everything else asks this small interface for plain data. Docker's own
 * failures are turned into LabErrors with a next step here, in one place.
 * The calls of every command go over the engine's HTTP API directly
 * (engine-http.ts); dockerode, loaded only when needed, builds, pulls,
 * imports and exports images.
 */
import type Docker from 'dockerode';
import { createRequire } from 'node:module';
import os from 'node:os';
import type { Duplex, Readable } from 'node:stream';
import { LabError } from '../errors.js';
import { askProduct, mountsFor, podmanNext, ulimitsFor } from '../engine/quirks.js';
import { dockerodeOptions, findEndpoint, processWorld, type Endpoint } from './endpoint.js';
import { EngineHttp, connectionFor, demultiplexer } from './engine-http.js';
import { LABEL } from './environments.js';

export type { Endpoint } from './endpoint.js';

export interface EngineInfo {
  endpoint: Endpoint;
  product: string;
  version: string;
  apiVersion: string;
  os: string;
  arch: string;
  cgroupVersion?: string;
}

export interface ImageInfo {
  tag: string;
  id: string;
  sizeBytes: number;
  created: string;
  labels: Record<string, string>;
}

export interface ContainerSpec {
  image: string;
  name?: string;
  labels: Record<string, string>;
  /** User the keeper process runs as. */
  user: string;
  cmd: string[];
  memoryBytes: number;
  pidsLimit: number;
  nanoCpus: number;
  /** "none" (default) or the name of a lab network. */
  network?: string;
  workingDir?: string;
  /** Keep stdin open for attach (the lab's agent reads requests from it). */
  openStdin?: boolean;
  /** Run an init as PID 1 (default true). The agent is PID 1 itself, so learner code cannot kill it. */
  init?: boolean;
  /** A fixed IPv4 address on `network` (the DNS lab's clients and servers have known addresses). */
  ipv4?: string;
  /** Namespaced kernel settings, e.g. net.ipv4.ip_unprivileged_port_start=0 so a non-root server can bind port 53. */
  sysctls?: Record<string, string>;
  /** Environment of the main process ("NAME=value"). */
  env?: string[];
  /** Close the main process's stdin when the (one) attached client goes away: a service outlives no lab. */
  stdinOnce?: boolean;
  /** Capabilities kept after dropping all (the agent keeps SETUID/SETGID to become the learner). */
  capAdd?: string[];
  /** The engine removes the container when its main process ends. */
  autoRemove?: boolean;
  /** Writable places of a fixed size (tmpfs, counted in the memory limit; mode 1777 unless given), e.g. /lab and /tmp. */
  scratch?: { path: string; bytes: number; mode?: string }[];
  /** The image's filesystem is read-only: the scratch places are the only ones anything can write. */
  readonlyRootfs?: boolean;
}

/** A hijacked attach to a container's main process. */
export interface Attached {
  write(s: string | Buffer): void;
  onStdout(f: (b: Buffer) => void): void;
  onStderr(f: (b: Buffer) => void): void;
  /** Called once when the connection ends (the process exited or the engine went away). */
  onClose(f: () => void): void;
  close(): void;
}

export interface ExecSpec {
  cmd: string[];
  user: string;
  env?: string[];
  workingDir?: string;
}

export interface FileEntry {
  /** Path relative to the target folder; a name ending in "/" is a folder. */
  name: string;
  content: string | Buffer;
  mode?: number;
}

export interface ProgressEvent {
  /** "Step 3/9 : RUN apt-get ...", "Downloading", ... */
  text: string;
  /** layer id for pulls */
  id?: string;
  current?: number;
  total?: number;
}

const BAD_ADDRESS_NEXT = 'Set DOCKER_HOST to the engine\'s address, e.g. unix:///var/run/docker.sock, tcp://HOST:2375 or ssh://USER@HOST, or unset it to use the default socket.';

/** A DOCKER_HOST the engine client cannot use at all (checked before any connection), or null. */
export function endpointProblem(endpoint: Endpoint): LabError | null {
  if (endpoint.source !== 'DOCKER_HOST') return null;
  const a = endpoint.address;
  if (/^(unix|npipe):\/\/./.test(a)) return null;
  // Like the docker CLI, an address without a scheme is a TCP host; the schemes it knows besides are ssh and http(s).
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(a)?.[1]?.toLowerCase();
  let hostname = '';
  try {
    hostname = new URL(scheme ? a : `tcp://${a}`).hostname;
  } catch {
    // left empty: reported below
  }
  if ((scheme === undefined || ['tcp', 'ssh', 'http', 'https'].includes(scheme)) && hostname) return null;
  return new LabError('docker-unreachable', `DOCKER_HOST=${a} is not an engine address.`, BAD_ADDRESS_NEXT);
}

/** How long an attach may stay open after the engine said its container's process ended (its last output arrives). */
const ATTACH_GRACE_MS = 2000;

/** How long the first call waits for an answer: an endpoint that accepts and never answers must not hang the lab. */
export const ENGINE_ANSWER_MS = 10_000;

/** Translate what Docker or the socket said into a LabError with the next step. */
export function translateDockerError(e: unknown, endpoint: Endpoint, what: string): LabError {
  if (e instanceof LabError) return e;
  const err = e as { code?: string; statusCode?: number; message?: string; json?: { message?: string } };
  const msg = err?.json?.message ?? err?.message ?? String(e);
  if (err?.code === 'ENOENT' || err?.code === 'ECONNREFUSED' || err?.code === 'EHOSTUNREACH' || err?.code === 'ETIMEDOUT') {
    return new LabError(
      'docker-unreachable',
      `Docker is not reachable at ${endpoint.address} (${endpoint.source}): ${err.code}.`,
      'Start the Docker engine (as root: `dockerd &`, or `sudo systemctl start docker`), or point DOCKER_HOST at a running engine (Podman: `systemctl --user start podman.socket` and DOCKER_HOST=unix://$XDG_RUNTIME_DIR/podman/podman.sock). Then run `musl-lab doctor`.',
      { cause: e },
    );
  }
  if (err?.code === 'ENOTFOUND' || err?.code === 'EAI_AGAIN') {
    return new LabError(
      'docker-unreachable',
      `The engine's host name in ${endpoint.address} (${endpoint.source}) does not resolve: ${err.code}.`,
      BAD_ADDRESS_NEXT,
      { cause: e },
    );
  }
  if (err?.code === 'EACCES' || err?.code === 'EPERM') {
    return new LabError(
      'docker-permission',
      `Permission denied on the Docker socket ${endpoint.address}.`,
      'Add yourself to the docker group (`sudo usermod -aG docker $USER`, then log in again), run as root, or use rootless Podman with DOCKER_HOST.',
      { cause: e },
    );
  }
  if (/no space left on device/i.test(msg)) {
    return new LabError(
      'disk-full',
      `The Docker engine ran out of disk space while it tried to ${what}.`,
      'Free space (`docker system prune`, or delete files on the disk that holds /var/lib/docker), then try again.',
      { cause: e },
    );
  }
  if (err?.statusCode === 404 && /image/i.test(msg)) {
    return new LabError('image-missing', `${msg}.`, 'Build the lab images: `musl-lab images build`.', { cause: e });
  }
  if (err?.code === 'ABORT_ERR' || (e as Error)?.name === 'AbortError') {
    return new LabError('cancelled', `Cancelled while trying to ${what}.`, 'Run the command again when you are ready.', { cause: e });
  }
  return new LabError('internal', `Docker failed to ${what}: ${msg}`, podmanNext(msg) ?? 'Check `musl-lab doctor`; if Docker looks healthy, run again with MUSL_LAB_DEBUG=1 and report the output.', { cause: e });
}

/** tar-stream, loaded when files are copied (not every command copies any). */
const tarStream = async () => (await import('tar-stream')).default;

async function tarOf(files: FileEntry[], owner: { uid: number; gid: number }): Promise<Buffer> {
  const pack = (await tarStream()).pack();
  for (const f of files) {
    if (f.name.endsWith('/')) {
      pack.entry({ name: f.name, type: 'directory', mode: f.mode ?? 0o755, uid: owner.uid, gid: owner.gid });
      continue;
    }
    pack.entry({ name: f.name, mode: f.mode ?? 0o644, uid: owner.uid, gid: owner.gid }, typeof f.content === 'string' ? Buffer.from(f.content) : f.content);
  }
  pack.finalize();
  return streamToBuffer(pack);
}

async function streamToBuffer(s: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of s) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c));
  return Buffer.concat(chunks);
}

/**
 * dockerode loads, at import, two parts the lab never uses: BuildKit sessions
 * (gRPC and protobuf, for `version: "2"` builds) and, unless the engine is
 * reached over ssh://, the ssh2 client. Together they are most of a command's
 * start-up (about 0.4 s of 0.55 s here), so they are answered from the module
 * cache with stand-ins that say so if they are ever called. dockerode is pinned.
 */
function skipUnusedParts(address: string): void {
  const require = createRequire(import.meta.url);
  const stub = (file: string, what: string) => {
    try {
      const p = require.resolve(file);
      if (require.cache[p]) return;
      const exports = () => {
        throw new Error(`musl-lab does not load dockerode's ${what}`);
      };
      require.cache[p] = { id: p, filename: p, loaded: true, exports, children: [], paths: [], path: p } as unknown as NodeJS.Module;
    } catch {
      // another layout of the package: load it whole
    }
  };
  stub('dockerode/lib/session.js', 'BuildKit session support');
  if (!address.startsWith('ssh:')) stub('docker-modem/lib/ssh.js', 'ssh support (DOCKER_HOST is not ssh://)');
}

/** The lab's view of a Docker-compatible engine. */
export class Engine {
  readonly endpoint: Endpoint;
  private readonly options: Docker.DockerOptions | undefined;
  private client: Promise<Docker> | undefined;
  private rawClient: EngineHttp | undefined;
  /** Set when DOCKER_HOST cannot be used at all: the first call reports it (docker-modem would throw a bare Error). */
  private readonly addressProblem: LabError | null;
  private answered: Promise<void> | null = null;
  private product: string | undefined; // for quirks.ts: Podman is asked differently

  constructor(env: NodeJS.ProcessEnv = process.env) {
    // DOCKER_HOST, a docker context, then the sockets engines listen on (endpoint.ts)
    const { endpoint, problem } = findEndpoint(processWorld(env));
    this.endpoint = endpoint;
    this.options = dockerodeOptions(endpoint);
    this.addressProblem = problem ?? endpointProblem(endpoint);
  }

  /** dockerode, loaded on first use: commands that never reach the engine (--help) do not pay for it. */
  private dockerode(): Promise<Docker> {
    return (this.client ??= (async () => {
      if (this.addressProblem) throw this.addressProblem;
      skipUnusedParts(this.endpoint.address);
      const m = await import('dockerode');
      try {
        return new m.default(this.options);
      } catch (e) {
        throw new LabError('docker-unreachable', `DOCKER_HOST=${this.endpoint.address} is not an engine address.`, BAD_ADDRESS_NEXT, { cause: e });
      }
    })());
  }

  /** The engine's HTTP API (engine-http.ts): every call but builds, pulls and image import/export. */
  private http(): EngineHttp {
    if (this.addressProblem) throw this.addressProblem;
    try {
      return (this.rawClient ??= new EngineHttp(connectionFor(this.endpoint.address, process.env, this.endpoint.tls)));
    } catch (e) {
      throw new LabError('docker-unreachable', `DOCKER_HOST=${this.endpoint.address} is not an engine address.`, BAD_ADDRESS_NEXT, { cause: e });
    }
  }

  /** The engine answers a ping within ENGINE_ANSWER_MS (asked once; a failure is asked again next time). */
  private reachable(): Promise<void> {
    this.answered ??= (async () => {
      const http = this.http();
      const signal = AbortSignal.timeout(ENGINE_ANSWER_MS);
      try {
        await http.call('GET', '/_ping', { signal });
      } catch (e) {
        // requests sent along with the ping wait on the same silent engine: end them, or they hold the process open
        http.destroy();
        if (this.rawClient === http) this.rawClient = undefined;
        if (!signal.aborted) throw translateDockerError(e, this.endpoint, 'reach the engine');
        throw new LabError(
          'docker-unreachable',
          `The engine at ${this.endpoint.address} (${this.endpoint.source}) accepted the connection but did not answer within ${ENGINE_ANSWER_MS / 1000} s.`,
          'Check that this address is a Docker or Podman engine, not another service, and that the engine is not stuck: `docker version` should answer at once; if it does not, restart the engine (e.g. `sudo systemctl restart docker`).',
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

  private async call<T>(what: string, f: () => Promise<T>): Promise<T> {
    const answered = this.reachable();
    // The request goes out with the ping, not after it (a round trip less on a command's first
    // calls); the ping still decides: an engine that does not answer fails with its message.
    const result = f();
    result.catch(() => undefined);
    await answered;
    try {
      return await result;
    } catch (e) {
      throw translateDockerError(e, this.endpoint, what);
    }
  }

  async info(): Promise<EngineInfo> {
    return this.call('ask the engine for its version', async () => {
      const [v, info] = await Promise.all([
        this.http().json<Docker.DockerVersion & { Components?: { Name: string }[] }>('GET', '/version'),
        this.http().json<{ CgroupVersion?: string }>('GET', '/info'),
      ]);
      const product = (v.Components ?? []).some((c) => /podman/i.test(c.Name)) ? 'Podman' : 'Docker Engine';
      return {
        endpoint: this.endpoint,
        product,
        version: v.Version,
        apiVersion: v.ApiVersion,
        os: v.Os,
        arch: v.Arch,
        cgroupVersion: info.CgroupVersion,
      };
    });
  }

  async image(tag: string): Promise<ImageInfo | null> {
    return this.call(`inspect image ${tag}`, async () => {
      try {
        const i = await this.http().json<Docker.ImageInspectInfo>('GET', `/images/${tag}/json`);
        return { tag, id: i.Id, sizeBytes: i.Size, created: i.Created, labels: i.Config?.Labels ?? {} };
      } catch (e) {
        if ((e as { statusCode?: number }).statusCode === 404) return null; // not built: an answer, not a failure
        throw e;
      }
    });
  }

  async removeImage(tag: string): Promise<void> {
    await this.call(`remove image ${tag}`, () => this.http().call('DELETE', `/images/${tag}`, { query: { force: 1 } }));
  }

  /** Pull an image; resolves false (not an error) when no registry answers, so callers can fall back. */
  async pull(ref: string, onProgress: (p: ProgressEvent) => void, signal?: AbortSignal): Promise<{ ok: true } | { ok: false; reason: string }> {
    let stream: Readable;
    await this.reachable();
    try {
      stream = (await (await this.dockerode()).pull(ref, { abortSignal: signal })) as Readable;
    } catch (e) {
      const t = translateDockerError(e, this.endpoint, `pull ${ref}`);
      if (t.kind === 'docker-unreachable' || t.kind === 'docker-permission' || t.kind === 'cancelled' || t.kind === 'disk-full') throw t;
      return { ok: false, reason: t.message };
    }
    const failure = await this.follow(stream, onProgress, signal);
    return failure ? { ok: false, reason: failure } : { ok: true };
  }

  /** Run a Docker build; the context is a folder on this machine. Throws build-failed with the last lines. */
  async build(opts: {
    contextDir: string;
    files: string[];
    dockerfile: string;
    tag: string;
    buildArgs?: Record<string, string>;
    labels?: Record<string, string>;
    onProgress: (p: ProgressEvent) => void;
    signal?: AbortSignal;
  }): Promise<void> {
    const stream = (await this.call(`build ${opts.tag}`, async () =>
      (await this.dockerode()).buildImage(
        { context: opts.contextDir, src: opts.files },
        {
          t: opts.tag,
          dockerfile: opts.dockerfile,
          buildargs: opts.buildArgs,
          labels: opts.labels,
          rm: true,
          forcerm: true,
          abortSignal: opts.signal,
        } as Docker.ImageBuildOptions,
      ),
    )) as Readable;
    const failure = await this.follow(stream, opts.onProgress, opts.signal);
    if (failure) {
      if (/no space left on device/i.test(failure)) throw translateDockerError(new Error(failure), this.endpoint, `build ${opts.tag}`);
      throw new LabError('build-failed', `Building ${opts.tag} failed: ${failure}`, 'Read the build output above; fix the cause (network to the package archive, disk space) and run `musl-lab images build` again. Nothing half-built is kept under the tag.');
    }
  }

  /** Create an image from a root filesystem tarball (what `docker import` does). */
  async importRootfs(tarStream: Readable, repo: string, tag: string, signal?: AbortSignal): Promise<void> {
    const stream = (await this.call(`import ${repo}:${tag}`, async () =>
      (await this.dockerode()).importImage(tarStream as unknown as string, { repo, tag, abortSignal: signal } as object),
    )) as Readable;
    const failure = await this.follow(stream, () => {}, signal);
    if (failure) throw new LabError('build-failed', `Importing the base filesystem failed: ${failure}`, 'Run `musl-lab images build --offline` again; check disk space.');
  }

  /** Stream the given images as one tarball (docker save). */
  async saveImages(tags: string[]): Promise<Readable> {
    // dockerode has getImages (GET /images/get?names=...) but its typings miss it.
    const d = (await this.dockerode()) as unknown as { getImages(o: object): Promise<Readable> };
    return this.call('export images', () => d.getImages({ names: tags }));
  }

  async loadImages(tarStream: Readable): Promise<void> {
    const stream = (await this.call('import images', async () => (await this.dockerode()).loadImage(tarStream as unknown as string))) as Readable;
    const failure = await this.follow(stream, () => {}, undefined);
    if (failure) throw new LabError('bad-input', `The engine could not load that file: ${failure}`, 'Check that the file was made by `musl-lab images export` and copied completely.');
  }

  /** Read a JSON-lines progress stream; returns the error text if the engine reported one. */
  private async follow(stream: Readable, onProgress: (p: ProgressEvent) => void, signal?: AbortSignal): Promise<string | null> {
    const docker = await this.dockerode();
    return new Promise((resolve, reject) => {
      let failure: string | null = null;
      const onAbort = () => {
        stream.destroy();
        reject(new LabError('cancelled', 'Cancelled.', 'Run the command again when you are ready; partial layers are cleaned up by Docker.'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      docker.modem.followProgress(
        stream,
        (err: unknown) => {
          signal?.removeEventListener('abort', onAbort);
          if (err) failure ??= String((err as Error).message ?? err);
          resolve(failure);
        },
        (ev: { stream?: string; status?: string; id?: string; error?: string; errorDetail?: { message?: string }; progressDetail?: { current?: number; total?: number } }) => {
          if (ev.error || ev.errorDetail) {
            failure = ev.errorDetail?.message ?? ev.error ?? 'unknown error';
            return;
          }
          const text = (ev.stream ?? ev.status ?? '').replace(/\s+$/, '');
          if (!text) return;
          onProgress({ text, id: ev.id, current: ev.progressDetail?.current, total: ev.progressDetail?.total });
        },
      );
    });
  }

  /** Create a container and start it (`start: false`: only create it, as every start begins). */
  async createContainer(spec: ContainerSpec, o: { start?: boolean } = {}): Promise<string> {
    return this.call(`start a container from ${spec.image}`, async () => {
      const id = await this.create(spec);
      if (o.start !== false) await this.startContainer(id);
      return id;
    });
  }

  /**
   * Create a container, attach to it, then start it: nothing its main process
   * prints is missed (there are no engine logs to read it from later).
   */
  async createAttached(spec: ContainerSpec): Promise<{ id: string; attached: Attached }> {
    return this.call(`start a container from ${spec.image}`, async () => {
      const id = await this.create(spec);
      let attached: Attached | undefined;
      try {
        attached = await this.attach(id);
        await this.startContainer(id);
        return { id, attached };
      } catch (e) {
        // the engine keeps the attach of a container that never started open, even once it is removed
        attached?.close();
        await this.removeContainer(id).catch(() => undefined);
        throw e;
      }
    });
  }

  private async startContainer(id: string): Promise<void> {
    await this.http().call('POST', `/containers/${id}/start`);
  }

  private async create(spec: ContainerSpec): Promise<string> {
    const product = (this.product ??= await askProduct((p) => this.http().call('GET', p)));
    const body = {
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
        Mounts: mountsFor(product, spec.scratch?.map((m) => ({
          Type: 'volume' as const,
          Source: '', // anonymous
          Target: m.path,
          VolumeOptions: { NoCopy: true, Labels: { [LABEL.app]: '1' }, DriverConfig: { Name: 'local', Options: { type: 'tmpfs', device: 'tmpfs', o: `size=${m.bytes},mode=${m.mode ?? '1777'}` } } },
        }))),
        Sysctls: spec.sysctls,
        // Learner output must not pile up in the engine's log files.
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
    };
    return (await this.http().json<{ Id: string }>('POST', '/containers/create', { query: { name: spec.name }, body })).Id;
  }

  /** Send a signal to a container's main process (through its init, which forwards it). */
  async signal(containerId: string, signal: string): Promise<void> {
    await this.call(`signal a lab container`, () => this.http().call('POST', `/containers/${containerId}/kill`, { query: { signal } }));
  }

  /** Attach to a running container's stdin/stdout/stderr (multiplexed: Tty is off). */
  async attach(containerId: string): Promise<Attached> {
    return this.call('attach to a lab container', async () => {
      const stream = await this.http().upgrade('POST', `/containers/${containerId}/attach`, { query: { stream: 1, stdin: 1, stdout: 1, stderr: 1 } });
      // What arrives before the caller has listened is kept and handed over when it does: a process that
      // starts fast (the agent says "@ready" at once) can print before the start call has even returned.
      const early: { out: Buffer[]; err: Buffer[] } = { out: [], err: [] };
      let out: (b: Buffer) => void = (b) => void early.out.push(b);
      let err: (b: Buffer) => void = (b) => void early.err.push(b);
      let closed: (() => void) | null = null;
      let ended = false;
      const watch = new AbortController();
      const end = () => {
        watch.abort();
        if (!ended) {
          ended = true;
          closed?.();
        }
      };
      stream.on('data', demultiplexer((b) => out(b), (b) => err(b)));
      stream.on('end', end);
      stream.on('close', end);
      stream.on('error', end);
      // The engine does not always end an attach when its container goes (one removed before it started
      // keeps it open for ever): the engine's own wait says when the process ended or the container went,
      // and the attach is ended then, after a moment for the last output to arrive.
      void this.http()
        .call('POST', `/containers/${containerId}/wait`, { query: { condition: 'next-exit' }, signal: watch.signal })
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
          if (ended) f(); // it ended before anyone listened
        },
        // half-closing is not enough: the engine keeps a warm container's connection open
        close: () => {
          watch.abort();
          stream.end(() => stream.destroy());
        },
      };
    });
  }

  async removeContainer(id: string): Promise<void> {
    try {
      await this.http().call('DELETE', `/containers/${id}`, { query: { force: 1, v: 1 } });
    } catch (e) {
      const code = (e as { statusCode?: number }).statusCode;
      if (code === 404 || code === 409) return; // already gone or being removed
      throw translateDockerError(e, this.endpoint, 'remove a lab container');
    }
  }

  /** How a container was set up and where it sits (for doctor and tests). */
  async containerInfo(id: string): Promise<{ user: string; running: boolean; capDrop: string[]; sysctls: Record<string, string>; addresses: Record<string, string> }> {
    return this.call('inspect a lab container', async () => {
      const i = await this.http().json<Docker.ContainerInspectInfo>('GET', `/containers/${id}/json`);
      const nets = (i.NetworkSettings?.Networks ?? {}) as Record<string, { IPAddress?: string }>;
      return {
        user: i.Config.User,
        running: i.State.Running,
        capDrop: (i.HostConfig.CapDrop as string[] | null) ?? [],
        sysctls: ((i.HostConfig as { Sysctls?: Record<string, string> }).Sysctls) ?? {},
        addresses: Object.fromEntries(Object.entries(nets).map(([n, v]) => [n, v.IPAddress ?? ''])),
      };
    });
  }

  /** Whether a network is internal (no route out), or null when it does not exist. */
  async networkInfo(id: string): Promise<{ name: string; internal: boolean; subnets: string[]; containers: number } | null> {
    try {
      const n = (await this.http().json('GET', `/networks/${id}`)) as { Name: string; Internal: boolean; IPAM?: { Config?: { Subnet?: string }[] }; Containers?: Record<string, unknown> };
      return { name: n.Name, internal: n.Internal, subnets: (n.IPAM?.Config ?? []).map((c) => c.Subnet ?? ''), containers: Object.keys(n.Containers ?? {}).length };
    } catch (e) {
      if ((e as { statusCode?: number }).statusCode === 404) return null;
      throw translateDockerError(e, this.endpoint, 'inspect a lab network');
    }
  }

  /**
   * Run a command in a running container, streaming its output to the sinks.
   * The exit code comes from exec inspect, not the stream (the stream can end first).
   */
  async exec(
    containerId: string,
    spec: ExecSpec,
    sinks: { stdout: (b: Buffer) => void; stderr: (b: Buffer) => void },
  ): Promise<{ exitCode: number | null }> {
    return this.call('run a command in a lab container', async () => {
      const http = this.http();
      const body = { Cmd: spec.cmd, User: spec.user, Env: spec.env, WorkingDir: spec.workingDir, AttachStdin: false, AttachStdout: true, AttachStderr: true, Tty: false };
      const { Id: exec } = await http.json<{ Id: string }>('POST', `/containers/${containerId}/exec`, { body });
      const stream: Duplex = await http.upgrade('POST', `/exec/${exec}/start`, { body: { Detach: false, Tty: false } });
      await new Promise<void>((resolve, reject) => {
        stream.on('data', demultiplexer(sinks.stdout, sinks.stderr));
        stream.once('end', resolve);
        stream.once('close', resolve);
        stream.once('error', reject);
        stream.end(); // nothing goes to its stdin
      });
      stream.destroy();
      // The stream may close a moment before the engine records the exit.
      for (let i = 0; i < 200; i++) {
        const info = await http.json<{ Running: boolean; ExitCode?: number }>('GET', `/exec/${exec}/json`);
        if (!info.Running) return { exitCode: info.ExitCode ?? null };
        await new Promise((r) => setTimeout(r, 5));
      }
      return { exitCode: null };
    });
  }

  /** Copy files into a folder of a container, owned by uid:gid. */
  async putFiles(containerId: string, dir: string, files: FileEntry[], owner: { uid: number; gid: number }): Promise<void> {
    const archive = await tarOf(files, owner);
    await this.call('copy files into a lab container', () => this.http().call('PUT', `/containers/${containerId}/archive`, { query: { path: dir }, body: archive, contentType: 'application/x-tar' })).catch((e: LabError) => {
      // The lab's folders are fixed-size tmpfs (ContainerSpec.scratch): full is theirs, not the engine's disk.
      if (e.kind !== 'disk-full') throw e;
      throw new LabError('disk-full', `No room left in ${dir} of a lab environment for ${files.filter((f) => !f.name.endsWith('/')).length} file(s) (its size is fixed).`, 'Copy in smaller files; a new musl-lab session starts with empty environments.', { cause: e });
    });
  }

  /** Read one file out of a container. */
  async getFile(containerId: string, path: string): Promise<{ content: Buffer; mode: number }> {
    return this.call(`copy ${path} out of a lab container`, async () => {
      const stream = await this.http().open('GET', `/containers/${containerId}/archive`, { query: { path } });
      const extract = (await tarStream()).extract();
      const found = new Promise<{ content: Buffer; mode: number }>((resolve, reject) => {
        let result: { content: Buffer; mode: number } | null = null;
        extract.on('entry', (header, body, next) => {
          const chunks: Buffer[] = [];
          body.on('data', (c: Buffer) => chunks.push(c));
          body.on('end', () => {
            if (!result && header.type === 'file') result = { content: Buffer.concat(chunks), mode: header.mode ?? 0o755 };
            next();
          });
          body.resume();
        });
        extract.on('finish', () => (result ? resolve(result) : reject(new Error(`${path} is not a file`))));
        extract.on('error', reject);
      });
      stream.pipe(extract);
      return found;
    });
  }

  /** `dynamicRange`: where the engine may place members that come without a fixed address (IPAM IPRange). */
  async createNetwork(name: string, labels: Record<string, string>, subnet: string, dynamicRange?: string): Promise<string> {
    return this.call(`create network ${name}`, async () => {
      const n = await this.http().json<{ Id: string }>('POST', '/networks/create', {
        body: {
          Name: name,
          Driver: 'bridge',
          Internal: true, // no route out: lab traffic stays on this machine
          Labels: labels,
          IPAM: { Config: [{ Subnet: subnet, ...(dynamicRange ? { IPRange: dynamicRange } : {}) }] },
        },
      });
      return n.Id;
    });
  }

  async removeNetwork(id: string): Promise<void> {
    try {
      await this.http().call('DELETE', `/networks/${id}`);
    } catch (e) {
      if ((e as { statusCode?: number }).statusCode === 404) return;
      throw translateDockerError(e, this.endpoint, 'remove a lab network');
    }
  }

  /** The engine's clock (ms since the epoch): ages of what it holds are judged by it, never by ours or a label's. */
  async clock(): Promise<number> {
    return this.call('ask the engine for its time', async () => {
      const t = Date.parse((await this.http().json<{ SystemTime?: string }>('GET', '/info')).SystemTime ?? '');
      return Number.isFinite(t) ? t : Date.now();
    });
  }

  /** Containers and networks of the lab (by label), with the engine's state and creation time, for sweeping and tests. */
  async listLabContainers(): Promise<{ id: string; labels: Record<string, string>; state: string; created: number }[]> {
    return this.call('list lab containers', async () => {
      const list = await this.http().json<Docker.ContainerInfo[]>('GET', '/containers/json', { query: { all: 1, filters: JSON.stringify({ label: [LABEL.app] }) } });
      return list.map((c) => ({ id: c.Id, labels: c.Labels ?? {}, state: c.State, created: c.Created * 1000 }));
    });
  }

  async listLabNetworks(): Promise<{ id: string; labels: Record<string, string>; created: number }[]> {
    return this.call('list lab networks', async () => {
      const list = await this.http().json<Docker.NetworkInspectInfo[]>('GET', '/networks', { query: { filters: JSON.stringify({ label: [LABEL.app] }) } });
      return list.map((n) => ({ id: n.Id, labels: n.Labels ?? {}, created: Date.parse(n.Created) || 0 }));
    });
  }
}

/** Labels identifying this process as the owner of what it creates (so a later run can sweep leftovers). */
export function ownerLabels(session: string): Record<string, string> {
  return {
    [LABEL.app]: '1',
    [LABEL.session]: session,
    [LABEL.host]: os.hostname(),
    [LABEL.pid]: String(process.pid),
    [LABEL.created]: new Date().toISOString(),
  };
}
