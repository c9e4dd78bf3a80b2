/**
 * Removing what crashed labs left behind, and nothing that is alive.
 *
 * A lab container ends by itself when its owner goes away (its agent's stdin
 * closes and the engine auto-removes it), so a RUNNING lab container belongs to
 * a live owner, wherever that owner runs: another PID namespace, another
 * machine on a shared engine. The sweep therefore never judges by host name or
 * pid (both collide across namespaces); it removes only what is provably dead
 * (stopped containers, networks nothing is attached to) or expired (older than
 * any lab may live).
 */
import type { Engine } from './engine.js';
import { LABEL } from './environments.js';
import { LIMITS } from './limits.js';

/** A network younger than this may still be getting its first container. */
const NETWORK_GRACE_MS = 60_000;

export async function sweepLeftovers(engine: Engine, now: () => number = Date.now): Promise<number> {
  const age = (labels: Record<string, string>) => now() - (Date.parse(labels[LABEL.created] ?? '') || now());
  const expired = (labels: Record<string, string>) => age(labels) > LIMITS.maxLabLifetimeMs;
  let removed = 0;
  for (const c of await engine.listLabContainers()) {
    if (!c.labels[LABEL.session]) continue;
    if (c.state !== 'running' || expired(c.labels)) {
      await engine.removeContainer(c.id);
      removed++;
    }
  }
  for (const n of await engine.listLabNetworks()) {
    if (!n.labels[LABEL.session] || age(n.labels) < NETWORK_GRACE_MS) continue;
    const info = await engine.networkInfo(n.id);
    if (info && (info.containers === 0 || expired(n.labels))) {
      await engine.removeNetwork(n.id).catch(() => undefined);
      removed++;
    }
  }
  return removed;
}
