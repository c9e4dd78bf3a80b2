/**
 * The DNS lab's network outlives no lab, even one killed with kill -9: the
 * engine removes containers by itself (AutoRemove), but never a network. So
 * when a lab makes one, it starts a small watcher process of its own (the CLI's
 * hidden `reap-network` command), detached, whose stdin is a pipe from the lab.
 * When the lab's process ends, however it ends, the kernel closes that pipe;
 * the watcher then waits for the network's containers to go (they end on the
 * same EOF) and removes it. A lab that disposes normally removes the network
 * itself first; the watcher finds it gone and exits.
 */
import { spawn } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { projectFile } from '../../util/project-root.js';
import type { Engine } from '../../engine/engine.js';

/** How long the watcher waits for the network's containers to end before giving up (the sweep is the backstop). */
const REAP_WITHIN_MS = 60_000;

/** Start the watcher of a network; `release()` when the lab removed it itself. Null when no watcher could start. */
export function watchNetwork(networkId: string): { release(): void } | null {
  try {
    const child = spawn(process.execPath, [projectFile('bin', 'musl-lab.js'), 'reap-network', networkId], {
      detached: true, // its own session: Ctrl-C in the terminal is for the lab, not for it
      stdio: ['pipe', 'ignore', 'ignore'],
      env: process.env,
    });
    child.on('error', () => undefined);
    const pipe = child.stdin as Writable & { unref?(): void };
    pipe.on('error', () => undefined);
    pipe.unref?.(); // neither the pipe nor the child keeps this process alive
    child.unref();
    return { release: () => void pipe.end() };
  } catch {
    return null; // the sweep still removes it later
  }
}

/** The watcher: wait until `input` ends (the lab's process is gone), then remove the network once nothing is attached. */
export async function reapWhenOrphaned(engine: Engine, networkId: string, input: Readable, sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))): Promise<boolean> {
  await new Promise<void>((resolve) => {
    input.on('end', resolve);
    input.on('close', resolve);
    input.on('error', () => resolve());
    input.resume();
  });
  const deadline = Date.now() + REAP_WITHIN_MS;
  while (Date.now() < deadline) {
    const info = await engine.networkInfo(networkId).catch(() => undefined);
    if (info === null) return true; // already removed (the lab's own dispose)
    if (info && info.containers === 0) {
      await engine.removeNetwork(networkId).catch(() => undefined);
      if ((await engine.networkInfo(networkId).catch(() => undefined)) === null) return true;
    }
    await sleep(500);
  }
  return false;
}
