/**
 * Building, inspecting, exporting and importing the lab images.
 * Online: FROM ubuntu:24.04 / alpine. Offline (no registry, e.g. a workshop
 * room or this project's CI): a Debian 13 root filesystem made by mmdebstrap
 * from Debian's archive, and the environments built on top of it.
 */
import { createReadStream, createWriteStream, existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { execa } from 'execa';
import { BugError, LabError } from '../errors.js';
import type { Engine, ProgressEvent } from '../engine/engine.js';
import { ALPINE, ENVIRONMENTS, IMAGE_VERSION, LABEL, baseImageArg, imageTag } from '../lab/environments.js';
import { agentBuildStep, agentHash, agentSource } from '../lab/agent.js';
import { Lab } from '../lab/sandbox.js';
import { ALL_ENV_NAMES, ENV_NAMES, type EnvName } from '../lab/types.js';

export type BuildMode = 'auto' | 'online' | 'offline';

/** The one base every environment's recipe starts from when a registry answers (offline: OFFLINE_BASE, the same Debian). */
export const ONLINE_BASE = 'debian:trixie';
export const OFFLINE_BASE = `musl-lab/base-trixie:${IMAGE_VERSION}`;
export const DEFAULT_MIRROR = 'http://deb.debian.org/debian';

export interface BuildEvent {
  env: EnvName | 'base';
  text: string;
}

export interface BuildOptions {
  engine: Engine;
  /** Folder that holds docker/. */
  projectRoot: string;
  mode: BuildMode;
  /** Which environments (default: the default ones, ENV_NAMES; an on-demand one only when named). */
  envs?: EnvName[];
  /** Rebuild even when an image is present. */
  force?: boolean;
  mirror?: string;
  onEvent: (e: BuildEvent) => void;
  signal?: AbortSignal;
}

export interface LibcIdentity {
  libc: 'glibc' | 'musl' | 'unknown';
  version: string | null;
}

/** Read the libc name and version from what `ldd --version` printed (stdout and stderr together). */
export function parseLibcVersion(text: string): LibcIdentity {
  const musl = /musl libc[\s\S]*?Version\s+(\d+\.\d+(?:\.\d+)?)/i.exec(text);
  if (musl) return { libc: 'musl', version: musl[1] ?? null };
  const first = text.split('\n')[0] ?? '';
  if (/GLIBC|GNU libc/i.test(first)) {
    const v = /(\d+\.\d+)\s*$/.exec(first.trim());
    return { libc: 'glibc', version: v?.[1] ?? null };
  }
  return { libc: 'unknown', version: null };
}

export interface EnvImageStatus {
  env: EnvName;
  tag: string;
  present: boolean;
  labels: Record<string, string>;
  sizeBytes?: number;
}

/** The images of these environments (default: the default ones) and whether each is built. */
export async function imageStatus(engine: Engine, envs: readonly EnvName[] = ENV_NAMES): Promise<EnvImageStatus[]> {
  return Promise.all(
    envs.map(async (env) => {
      const i = await engine.image(imageTag(env));
      return { env, tag: imageTag(env), present: !!i, labels: i?.labels ?? {}, sizeBytes: i?.sizeBytes };
    }),
  );
}

/** Build the environments that are missing (and the named ones again, with force). Returns the mode actually used. */
export async function buildImages(o: BuildOptions): Promise<{ mode: 'online' | 'offline'; built: EnvName[]; agentUpdated: EnvName[] }> {
  const named = o.envs ?? [...ENV_NAMES];
  const wanted = withDependencies(named);
  const todo: EnvName[] = [];
  const stale: EnvName[] = [];
  for (const env of wanted) {
    // --force rebuilds what was named; an environment it builds on is built only when missing
    const present = o.force && named.includes(env) ? null : await o.engine.image(imageTag(env));
    if (!present) todo.push(env);
    else if (present.labels[LABEL.agent] !== agentHash()) stale.push(env);
  }
  // An image from before this version of the lab agent gets the new agent only: seconds, not a rebuild.
  for (const env of stale) await refreshAgent(o, env);
  if (todo.length === 0) return { mode: 'offline', built: [], agentUpdated: stale };

  let mode: 'online' | 'offline';
  const fromDebian = todo.filter((e) => !ENVIRONMENTS[e].buildsOn || usesDebianBase(o.projectRoot, e));
  if (fromDebian.length === 0) {
    // Everything to build starts from a lab image that is present (an on-demand environment on glibc):
    // no Debian base is needed, and the new image was made the way the one under it was.
    const under = (await o.engine.image(imageTag(ENVIRONMENTS[todo[0]!].buildsOn!)))?.labels[LABEL.build];
    mode = under === 'online' ? 'online' : 'offline';
  } else if (o.mode === 'offline') mode = 'offline';
  else {
    const reachable = await pullOnlineBases(o, todo);
    if (reachable === true) mode = 'online';
    else if (o.mode === 'online') {
      throw new LabError('registry-unreachable', `No container registry answered: ${reachable}`, 'Build without a registry: `musl-lab images build --offline` (needs root and the mmdebstrap package), or import images made elsewhere with `musl-lab images import FILE`.');
    } else {
      o.onEvent({ env: 'base', text: `No container registry answered (${reachable}); building offline from Debian's archive instead.` });
      mode = 'offline';
    }
  }
  if (mode === 'offline' && fromDebian.length > 0) await ensureOfflineBase(o);

  for (const env of todo) {
    await buildOne(o, env, mode);
  }
  return { mode, built: todo, agentUpdated: stale };
}

/** A Dockerfile that takes the Debian base (ARG BASE: the base itself, or a stage that fetches a source package). */
const TAKES_DEBIAN_BASE = /^ARG BASE\b/m;

/** Does the environment's recipe take the Debian base as well? */
function usesDebianBase(projectRoot: string, env: EnvName): boolean {
  const file = path.join(projectRoot, 'docker', ENVIRONMENTS[env].dir, 'Dockerfile');
  return existsSync(file) && TAKES_DEBIAN_BASE.test(readFileSync(file, 'utf8'));
}

function withDependencies(envs: EnvName[]): EnvName[] {
  const out = new Set<EnvName>();
  for (const e of envs) {
    const dep = ENVIRONMENTS[e].buildsOn;
    if (dep) out.add(dep);
    out.add(e);
  }
  return ALL_ENV_NAMES.filter((e) => out.has(e));
}

/**
 * Build the on-demand environments among `envs` that are missing (the first use of a lesson that
 * needs one), with the environments they build on. Returns what was built: nothing when all are present.
 */
export async function ensureEnvironments(o: Omit<BuildOptions, 'envs' | 'force' | 'mode'> & { mode?: BuildMode }, envs: readonly EnvName[]): Promise<EnvName[]> {
  const missing: EnvName[] = [];
  for (const env of envs) if (!(await o.engine.image(imageTag(env)))) missing.push(env);
  if (missing.length === 0) return [];
  return (await buildImages({ ...o, mode: o.mode ?? 'auto', envs: missing })).built;
}

/** true when every needed base image could be pulled, else the reason. */
async function pullOnlineBases(o: BuildOptions, todo: EnvName[]): Promise<true | string> {
  void todo; // every environment starts from the same Debian base
  for (const ref of [ONLINE_BASE]) {
    if (await o.engine.image(ref)) continue;
    o.onEvent({ env: 'base', text: `pulling ${ref}` });
    const r = await o.engine.pull(ref, (p) => o.onEvent({ env: 'base', text: pullLine(ref, p) }), o.signal);
    if (!r.ok) return r.reason;
  }
  return true;
}

function pullLine(ref: string, p: ProgressEvent): string {
  const pct = p.current && p.total ? ` ${Math.round((100 * p.current) / p.total)}%` : '';
  return `${ref}${p.id ? ` layer ${p.id}` : ''}: ${p.text}${pct}`;
}

/** The Debian 13 root filesystem every offline environment starts from. */
async function ensureOfflineBase(o: BuildOptions): Promise<void> {
  if (!o.force && (await o.engine.image(OFFLINE_BASE))) return;
  const which = await execa('sh', ['-c', 'command -v mmdebstrap'], { reject: false });
  if (which.exitCode !== 0) {
    throw new LabError('missing-tool', 'Building offline needs mmdebstrap, which is not installed.', 'Install it: `sudo apt-get install mmdebstrap` (Debian/Ubuntu), then run `musl-lab images build --offline` again.');
  }
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    throw new LabError('missing-tool', 'Building offline with mmdebstrap needs root.', 'Run `sudo npx musl-lab images build --offline`, or import images made elsewhere with `musl-lab images import FILE`.');
  }
  const mirror = o.mirror ?? process.env.MUSL_LAB_DEBIAN_MIRROR ?? DEFAULT_MIRROR;
  o.onEvent({ env: 'base', text: `mmdebstrap: making a Debian 13 (trixie) root filesystem from ${mirror}` });
  // Its own process group: on cancel, mmdebstrap and the apt/dpkg it started all get SIGTERM
  // (mmdebstrap then unmounts and removes its temporary root itself), not just the first process.
  const child = execa('mmdebstrap', ['--variant=apt', 'trixie', '-', mirror], {
    stdout: 'pipe',
    stderr: 'pipe',
    detached: true,
    reject: false,
    buffer: { stdout: false, stderr: true },
  });
  const stop = () => {
    try {
      if (child.pid) process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  o.signal?.addEventListener('abort', stop, { once: true });
  void child.finally(() => o.signal?.removeEventListener('abort', stop));
  child.stderr?.on('data', (b: Buffer) => {
    for (const line of b.toString().split('\n')) if (line.trim()) o.onEvent({ env: 'base', text: `mmdebstrap: ${line.trim()}` });
  });
  const [repo, tag] = OFFLINE_BASE.split(':') as [string, string];
  const [res, imported] = await Promise.allSettled([child, o.engine.importRootfs(child.stdout!, repo, tag, o.signal)]);
  if (res.status === 'rejected') throw res.reason;
  if (o.signal?.aborted) throw new LabError('cancelled', 'Cancelled while making the base filesystem.', 'Run `musl-lab images build` again when you are ready.');
  if (res.value.exitCode !== 0 || imported.status === 'rejected') {
    await o.engine.removeImage(OFFLINE_BASE).catch(() => undefined);
    throw new LabError('build-failed', imported.status === 'rejected' ? `Importing the Debian root filesystem failed: ${String((imported.reason as Error)?.message ?? imported.reason)}` : `mmdebstrap failed (exit ${res.value.exitCode}): ${String(res.value.stderr).split('\n').slice(-3).join(' ')}`, 'Check that Debian\'s archive is reachable (or set MUSL_LAB_DEBIAN_MIRROR to a mirror), then run `musl-lab images build --offline` again.');
  }
}

/** A build by the engine; its failure gets the lab's next step. */
async function buildImage(engine: Engine, opts: Parameters<Engine['build']>[0]): Promise<void> {
  await engine.build(opts).catch((e: unknown) => {
    if (!(e instanceof LabError) || e.kind !== 'build-failed') throw e;
    throw new LabError('build-failed', e.message, 'Read the build output above; fix the cause (network to the package archive, disk space) and run `musl-lab images build` again. Nothing half-built is kept under the tag.', { cause: e });
  });
}

async function buildOne(o: BuildOptions, env: EnvName, mode: 'online' | 'offline'): Promise<void> {
  const spec = ENVIRONMENTS[env];
  const dockerDir = path.join(o.projectRoot, 'docker', spec.dir);
  const dockerfile = 'Dockerfile';
  if (!existsSync(path.join(dockerDir, dockerfile))) {
    throw new LabError('internal', `Missing ${path.join('docker', spec.dir, dockerfile)}.`, 'Reinstall musl-lab; the docker/ folder is part of the package.');
  }
  const tag = imageTag(env);
  const staging = `${tag}-staging`;
  const text = await readFile(path.join(dockerDir, dockerfile), 'utf8');
  const buildArgs: Record<string, string> = {};
  // the one difference between online and offline: where the Debian base comes from
  if (TAKES_DEBIAN_BASE.test(text)) buildArgs.BASE = mode === 'online' ? ONLINE_BASE : OFFLINE_BASE;
  if (spec.buildsOn) buildArgs[baseImageArg(spec.buildsOn)] = imageTag(spec.buildsOn);
  const from = spec.buildsOn ? `on ${imageTag(spec.buildsOn)}` : `Debian base ${mode === 'online' ? `${ONLINE_BASE} from a registry` : 'made offline with mmdebstrap'}`;
  o.onEvent({ env, text: `building ${tag} (${spec.describe}; ${from})` });
  await buildImage(o.engine, {
    contextDir: dockerDir,
    files: await readdir(dockerDir),
    dockerfile,
    tag: staging,
    buildArgs,
    onProgress: (p) => o.onEvent({ env, text: p.text }),
    signal: o.signal,
  });
  // Ask the image itself what it holds, then label it with that (libc and gcc versions are facts of the build).
  const lab = new Lab({ engine: o.engine, images: { [env]: staging } });
  let labels: Record<string, string>;
  try {
    const ldd = await lab.command(env, ['sh', '-c', 'ldd --version 2>&1; true']);
    const gcc = await lab.command(env, ['gcc', '-dumpfullversion']);
    const tools = spec.toolsProbe ? await lab.command(env, ['sh', '-c', spec.toolsProbe]) : undefined;
    if (tools && tools.exitCode !== 0) {
      throw new BugError(`The ${env} image is missing a tool: ${(tools.stderr || tools.stdout).trim().split('\n').pop()}`);
    }
    const id = parseLibcVersion(ldd.stdout + ldd.stderr);
    if (id.libc !== spec.libc) {
      throw new BugError(`The ${env} image reports libc "${id.libc}" (${ldd.stdout.trim()}), expected ${spec.libc}.`);
    }
    labels = {
      [LABEL.app]: '1',
      [LABEL.env]: env,
      [LABEL.build]: mode,
      [LABEL.libc]: id.libc,
      [LABEL.libcVersion]: id.version ?? 'unknown',
      [LABEL.gccVersion]: gcc.stdout.trim() || 'unknown',
      ...(tools ? { [LABEL.tools]: tools.stdout.trim().split('\n').join('; ') } : {}),
      [LABEL.description]: spec.describe,
    };
  } finally {
    await lab.dispose();
  }
  try {
    await addAgent(o, staging, tag, labels);
  } finally {
    await o.engine.removeImage(staging).catch(() => undefined);
  }
  o.onEvent({ env, text: `built ${tag}: ${labels[LABEL.libc]} ${labels[LABEL.libcVersion]}, gcc ${labels[LABEL.gccVersion]}${labels[LABEL.tools] ? `; ${labels[LABEL.tools]}` : ''}` });
}

/** The lab's agent, compiled into the image: containers then start without compiling it (agent.ts). */
async function addAgent(o: BuildOptions, from: string, tag: string, labels: Record<string, string>): Promise<void> {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'musl-lab-label-'));
  try {
    await writeFile(path.join(tmp, 'lab-agent.c'), agentSource());
    await writeFile(path.join(tmp, 'Dockerfile'), `FROM ${from}\nCOPY lab-agent.c /opt/musl-lab/agent.c\nRUN ${agentBuildStep()}\n`);
    await buildImage(o.engine, { contextDir: tmp, files: ['Dockerfile', 'lab-agent.c'], dockerfile: 'Dockerfile', tag, labels: { ...labels, [LABEL.agent]: agentHash() }, onProgress: () => {}, signal: o.signal });
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

async function refreshAgent(o: BuildOptions, env: EnvName): Promise<void> {
  const tag = imageTag(env);
  const info = await o.engine.image(tag);
  if (!info) return;
  o.onEvent({ env, text: `${tag}: adding the current lab agent (${agentHash()}); the rest of the image stays` });
  await addAgent(o, info.id, tag, info.labels);
}

/** Write every lab image into one file (gzip when FILE ends in .gz) for machines without network. */
export async function exportImages(engine: Engine, file: string, envs: readonly EnvName[] = ENV_NAMES): Promise<string[]> {
  const tags: string[] = [];
  for (const env of envs) if (await engine.image(imageTag(env))) tags.push(imageTag(env));
  if (tags.length === 0) throw new LabError('image-missing', 'There are no lab images to export.', 'Build them first: `musl-lab images build`.');
  const stream = await engine.saveImages(tags);
  const out = createWriteStream(file);
  await (file.endsWith('.gz') ? pipeline(stream, createGzip(), out) : pipeline(stream, out));
  return tags;
}

export async function importImages(engine: Engine, file: string): Promise<void> {
  if (!existsSync(file)) throw new LabError('bad-input', `No such file: ${file}.`, 'Give the path of a file made by `musl-lab images export`.');
  await engine.loadImages(createReadStream(file)).catch((e: unknown) => {
    if (!(e instanceof LabError) || e.kind !== 'bad-input') throw e;
    throw new LabError('bad-input', e.message, 'Check that the file was made by `musl-lab images export` and copied completely.', { cause: e });
  });
}

/**
 * Real Alpine (docker/alpine), an extra image for `verify --alpine`: online
 * only, since Alpine's base comes from a registry. The lessons' environments
 * never depend on it.
 */
export async function buildAlpine(o: Pick<BuildOptions, 'engine' | 'projectRoot' | 'onEvent' | 'signal' | 'force'>): Promise<void> {
  if (!o.force && (await o.engine.image(ALPINE.tag))) return;
  o.onEvent({ env: 'base', text: `pulling ${ALPINE.base}` });
  const pulled = await o.engine.pull(ALPINE.base, (p) => o.onEvent({ env: 'base', text: pullLine(ALPINE.base, p) }), o.signal);
  if (!pulled.ok) {
    throw new LabError('registry-unreachable', `Real Alpine needs a container registry, and none answered: ${pulled.reason}`, 'On a machine with a registry run `musl-lab images build --alpine`, then `musl-lab images export` it here; the lessons themselves need no Alpine image.');
  }
  const dir = path.join(o.projectRoot, 'docker', ALPINE.dir);
  o.onEvent({ env: 'base', text: `building ${ALPINE.tag} (${ALPINE.describe})` });
  await buildImage(o.engine, { contextDir: dir, files: await readdir(dir), dockerfile: 'Dockerfile', tag: ALPINE.tag, labels: { [LABEL.app]: '1', [LABEL.build]: 'online', [LABEL.description]: ALPINE.describe }, onProgress: (p) => o.onEvent({ env: 'base', text: p.text }), signal: o.signal });
}
