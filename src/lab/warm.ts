/**
 * Keeping the environments warm between commands: a `compare` typed after
 * another reuses the containers instead of starting two new ones.
 *
 * A warm container is found again by its labels: the lab's, the environment,
 * its owner (this user on this machine, so a room sharing one engine never
 * shares containers), and the image id it was made from (a rebuilt image never
 * serves an old container). It expires by itself: its agent exits after
 * `idleSeconds` without a request and the engine removes it, whether or not
 * any musl-lab process is left. Two commands may use one container at once:
 * each request holds a lock file for that container while it is sent and
 * answered, so requests never interleave on the agent's stdin.
 */
import { createHash } from 'node:crypto';
import { chmodSync, lstatSync, mkdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LabError } from '../errors.js';
import { dataDir } from '../util/data-dir.js';
import type { Engine } from '../engine/engine.js';
import { LABEL } from './environments.js';
import type { EnvName } from './types.js';

/** Default idle time before a warm environment ends by itself (about 10 minutes). */
export const WARM_IDLE_SECONDS = 600;

/** Labels of a warm container, besides the owner labels every lab container has. */
export const WARM = {
  warm: LABEL.warm,
  owner: LABEL.owner,
  imageId: LABEL.imageId,
  uid: LABEL.uid,
  /** A hash of the agent's source: a changed agent never serves from an old container. */
  agent: LABEL.agent,
} as const;

let identity: string | undefined;
/**
 * What tells this machine apart from its clones (room VMs cloned from one image share host
 * name, uids and home folders): its machine-id and the id of this boot, which the kernel makes
 * new at every boot, so two clones never share it. Read once.
 */
export function machineIdentity(read?: (file: string) => string): string {
  if (!read && identity !== undefined) return identity;
  const ids: string[] = [];
  for (const f of ['/etc/machine-id', '/proc/sys/kernel/random/boot_id']) {
    try {
      ids.push((read ?? ((x: string) => readFileSync(x, 'utf8')))(f).trim());
    } catch {
      ids.push(''); // another system: the rest still tells owners apart
    }
  }
  const id = ids.join('/');
  if (!read) identity = id;
  return id;
}

/** This user on this machine (this boot): what decides whose warm containers are whose. */
export function ownerKey(env: NodeJS.ProcessEnv = process.env, machine: string = machineIdentity()): string {
  let uid = 'unknown';
  try {
    uid = String(os.userInfo().uid);
  } catch {
    // no passwd entry: the home folder still tells users apart
  }
  return createHash('sha256').update(`${os.hostname()}\0${uid}\0${env.MUSL_LAB_HOME ?? os.homedir()}\0${machine}`).digest('hex').slice(0, 16);
}

/** Keep-warm settings from the environment: MUSL_LAB_KEEP_WARM=0 turns it off, a number sets the idle seconds. */
export function keepWarmFromEnv(env: NodeJS.ProcessEnv): number | false {
  const v = env.MUSL_LAB_KEEP_WARM;
  if (v === undefined || v === '') return WARM_IDLE_SECONDS;
  if (/^(0|no|off|false)$/i.test(v)) return false;
  const n = Number(v);
  return Number.isInteger(n) && n > 0 && n <= 24 * 3600 ? n : WARM_IDLE_SECONDS;
}

/** What the engine lists of a lab container (engine.listLabContainers). */
export interface ListedContainer {
  id: string;
  labels: Record<string, string>;
  state: string;
}

/**
 * The running warm container of this owner for this environment, image and agent, if the list
 * holds one. Pure: one listing of the engine serves every environment of a command.
 */
export function chooseWarm(list: ListedContainer[], want: { env: EnvName; imageId: string; owner: string; agent: string }): { id: string; uid: number } | null {
  for (const c of list) {
    const l = c.labels;
    if (c.state !== 'running' || l[WARM.warm] !== '1' || l[LABEL.env] !== want.env || l[WARM.owner] !== want.owner || l[WARM.imageId] !== want.imageId || l[WARM.agent] !== want.agent) continue;
    const uid = Number(l[WARM.uid]);
    if (Number.isInteger(uid) && uid >= 1000) return { id: c.id, uid };
  }
  return null;
}

/**
 * Where the lab's lock files live: a folder only this user can enter (XDG_RUNTIME_DIR's, else
 * in the data folder), never a shared one such as /tmp, where another user could plant a lock.
 */
export function lockDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.XDG_RUNTIME_DIR && path.isAbsolute(env.XDG_RUNTIME_DIR) ? path.join(env.XDG_RUNTIME_DIR, 'musl-lab') : path.join(dataDir(env), 'locks');
}

const madePrivate = new Set<string>();
/** Make `dir` (once per process) and check nobody else can write it: ours, a real folder, mode 0700. */
export function privateDir(dir: string): string {
  if (madePrivate.has(dir)) return dir;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const st = lstatSync(dir);
  const uid = typeof process.getuid === 'function' ? process.getuid() : st.uid;
  if (!st.isDirectory() || st.uid !== uid) {
    throw new LabError('internal', `The lock folder ${dir} is not a folder of yours${st.isSymbolicLink() ? ' (it is a symbolic link)' : ''}.`, `Remove it (musl-lab makes a new one), or set MUSL_LAB_HOME or XDG_RUNTIME_DIR to a folder of your own.`);
  }
  if (st.mode & 0o077) chmodSync(dir, 0o700);
  madePrivate.add(dir);
  return dir;
}

/** The lock file that serialises requests to one container across processes (its folder made private on first use). */
export function lockFile(containerId: string, env: NodeJS.ProcessEnv = process.env): string {
  return path.join(privateDir(lockDir(env)), `${containerId.slice(0, 16)}.lock`);
}

/** The lock around finding or starting an owner's warm container of an environment: one per owner and environment, however many commands start at once. */
export function warmStartLock(owner: string, env: EnvName, vars: NodeJS.ProcessEnv = process.env): string {
  return path.join(privateDir(lockDir(vars)), `warm-${owner.replace(/[^A-Za-z0-9_-]/g, '_')}-${env}.lock`);
}

/** Warm containers of this owner (for `musl-lab stop`). */
export async function warmContainers(engine: Engine, owner: string): Promise<string[]> {
  return (await engine.listContainers(LABEL.app)).filter((c) => c.labels[WARM.warm] === '1' && c.labels[WARM.owner] === owner).map((c) => c.id);
}
