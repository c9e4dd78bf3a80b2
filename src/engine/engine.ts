/**
 * The engine as the lab sees it: a narrow interface of plain data. client.ts
 * implements it over dockerode; nothing here knows what a lab is (labels and
 * filters come from the caller).
 */
import type { Readable } from 'node:stream';
import type { LabError } from '../errors.js';
import type { Endpoint } from './endpoint.js';

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
  /** Labels of the container; its scratch volumes carry them too. */
  labels: Record<string, string>;
  /** User the keeper process runs as. */
  user: string;
  cmd: string[];
  memoryBytes: number;
  pidsLimit: number;
  nanoCpus: number;
  /** "none" (default) or the name of a network. */
  network?: string;
  workingDir?: string;
  /** Keep stdin open for attach (a main process that reads requests from it). */
  openStdin?: boolean;
  /** Run an init as PID 1 (default true). */
  init?: boolean;
  /** A fixed IPv4 address on `network`. */
  ipv4?: string;
  /** Namespaced kernel settings, e.g. net.ipv4.ip_unprivileged_port_start=0. */
  sysctls?: Record<string, string>;
  /** Environment of the main process ("NAME=value"). */
  env?: string[];
  /** Close the main process's stdin when the (one) attached client goes away. */
  stdinOnce?: boolean;
  /** Capabilities kept after dropping all. */
  capAdd?: string[];
  /** The engine removes the container when its main process ends. */
  autoRemove?: boolean;
  /** Writable places of a fixed size (tmpfs, counted in the memory limit; mode 1777 unless given). */
  scratch?: { path: string; bytes: number; mode?: string }[];
  /** The image's filesystem is read-only: the scratch places are the only ones anything can write. */
  readonlyRootfs?: boolean;
}

/** A hijacked attach to a container's main process. */
export interface Attached {
  write(s: string | Buffer): void;
  onStdout(f: (b: Buffer) => void): void;
  onStderr(f: (b: Buffer) => void): void;
  /**
   * Called once when the connection ends (the process exited or the engine went away);
   * `engineError` when the engine ended it with an error of its own (its system-error stream).
   */
  onClose(f: (engineError?: LabError) => void): void;
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

export interface NetworkInfo {
  name: string;
  internal: boolean;
  subnets: string[];
  containers: number;
}

export interface ContainerInfo {
  user: string;
  running: boolean;
  capDrop: string[];
  sysctls: Record<string, string>;
  addresses: Record<string, string>;
}

/** What the lab asks of a Docker-compatible engine. Failures are LabErrors with a next step. */
export interface Engine {
  readonly endpoint: Endpoint;
  info(): Promise<EngineInfo>;
  /** null when there is no such image (an answer, not a failure). */
  image(tag: string): Promise<ImageInfo | null>;
  removeImage(tag: string): Promise<void>;
  /** Resolves `ok: false` (not an error) when no registry answers, so callers can fall back. */
  pull(ref: string, onProgress: (p: ProgressEvent) => void, signal?: AbortSignal): Promise<{ ok: true } | { ok: false; reason: string }>;
  build(opts: {
    contextDir: string;
    files: string[];
    dockerfile: string;
    tag: string;
    buildArgs?: Record<string, string>;
    labels?: Record<string, string>;
    onProgress: (p: ProgressEvent) => void;
    signal?: AbortSignal;
  }): Promise<void>;
  importRootfs(tar: Readable, repo: string, tag: string, signal?: AbortSignal): Promise<void>;
  saveImages(tags: string[]): Promise<Readable>;
  loadImages(tar: Readable): Promise<void>;
  /** Create a container and start it (`start: false`: only create it). */
  createContainer(spec: ContainerSpec, o?: { start?: boolean }): Promise<string>;
  /** Create, attach, then start: nothing the main process prints is missed. */
  createAttached(spec: ContainerSpec): Promise<{ id: string; attached: Attached }>;
  signal(containerId: string, signal: string): Promise<void>;
  attach(containerId: string): Promise<Attached>;
  /** Gone already is not a failure. */
  removeContainer(id: string): Promise<void>;
  containerInfo(id: string): Promise<ContainerInfo>;
  /** null when the network does not exist. */
  networkInfo(id: string): Promise<NetworkInfo | null>;
  /** Run a command in a running container; the exit code is the engine's, never guessed. */
  exec(containerId: string, spec: ExecSpec, sinks: { stdout: (b: Buffer) => void; stderr: (b: Buffer) => void }): Promise<{ exitCode: number }>;
  putFiles(containerId: string, dir: string, files: FileEntry[], owner: { uid: number; gid: number }): Promise<void>;
  getFile(containerId: string, path: string): Promise<{ content: Buffer; mode: number }>;
  /** `dynamicRange`: where the engine may place members without a fixed address (IPAM IPRange). */
  createNetwork(name: string, labels: Record<string, string>, subnet: string, dynamicRange?: string): Promise<string>;
  removeNetwork(id: string): Promise<void>;
  /** The engine's clock (ms since the epoch). */
  clock(): Promise<number>;
  /** Containers carrying the label `label` (any value), with state and creation time. */
  listContainers(label: string): Promise<{ id: string; labels: Record<string, string>; state: string; created: number }[]>;
  /** Networks carrying the label `label` (any value). */
  listNetworks(label: string): Promise<{ id: string; labels: Record<string, string>; created: number }[]>;
}
