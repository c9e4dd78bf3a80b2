/**
 * One writer at a time: a lock file holding the owner's pid. A lock left by
 * a process that died (same host, pid gone) is taken over; a live owner is
 * waited for, up to a deadline.
 */
import { closeSync, linkSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import os from 'node:os';
import { LabError } from '../errors.js';
import { pidAlive } from './pid.js';

export interface LockOptions {
  timeoutMs?: number;
  /** What the lock guards, for the message when it is never let go (default: the progress file). */
  what?: string;
  isAlive?: (pid: number) => boolean;
  sleep?: (ms: number) => Promise<void>;
}

const sleepMs = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function tryCreate(lock: string): boolean {
  try {
    const fd = openSync(lock, 'wx', 0o644);
    writeSync(fd, `${process.pid}\n${os.hostname()}\n`);
    closeSync(fd);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
}

/** The owner of a lock, or null when it is stale (owner dead, or empty and old). */
function liveOwner(lock: string, isAlive: (pid: number) => boolean): { pid: number; text: string } | null {
  let text: string;
  try {
    text = readFileSync(lock, 'utf8');
  } catch {
    return { pid: 0, text: '' }; // vanished between open and read: just retry
  }
  const [pidLine, host] = text.split('\n');
  const pid = Number(pidLine);
  if (!text) {
    // the owner died between creating and writing it, or is writing now
    const age = Date.now() - (statSafe(lock) ?? Date.now());
    return age > 2000 ? null : { pid: 0, text };
  }
  if (host && host !== os.hostname()) return { pid, text }; // another machine's lock: cannot judge, wait
  return isAlive(pid) ? { pid, text } : null;
}

/**
 * Remove a stale lock without removing a fresh one another process created
 * meanwhile: move it aside atomically, and put it back if it was not stale.
 */
function takeOver(lock: string, isAlive: (pid: number) => boolean): void {
  const aside = `${lock}.stale-${process.pid}-${Math.random().toString(36).slice(2)}`;
  try {
    renameSync(lock, aside);
  } catch {
    return; // someone else took it over first
  }
  const text = readSafe(aside);
  const pid = Number(text.split('\n')[0]);
  if (text && isAlive(pid) && pid !== process.pid) {
    try {
      linkSync(aside, lock); // a live lock: restore it (fails if a newer one exists, which is then the lock)
    } catch {
      // ignore
    }
  }
  rmSync(aside, { force: true });
}

function readSafe(f: string): string {
  try {
    return readFileSync(f, 'utf8');
  } catch {
    return '';
  }
}

function statSafe(f: string): number | undefined {
  try {
    return statSync(f).mtimeMs;
  } catch {
    return undefined;
  }
}

/** Hold the lock while `f` runs. */
export async function withLock<T>(lock: string, f: () => T | Promise<T>, o: LockOptions = {}): Promise<T> {
  const deadline = Date.now() + (o.timeoutMs ?? 5000);
  const isAlive = o.isAlive ?? pidAlive;
  const sleep = o.sleep ?? sleepMs;
  let owner = 0;
  for (;;) {
    if (tryCreate(lock)) break;
    const live = liveOwner(lock, isAlive);
    if (live === null) {
      takeOver(lock, isAlive);
      continue;
    }
    owner = live.pid;
    if (Date.now() > deadline) {
      throw new LabError('busy', `${o.what ?? 'The progress file'} is locked by another musl-lab (pid ${owner || 'unknown'}) that does not let go.`, `If no other musl-lab is running, delete ${lock} and try again.`);
    }
    await sleep(5 + Math.floor(Math.random() * 20));
  }
  try {
    return await f();
  } finally {
    rmSync(lock, { force: true });
  }
}
