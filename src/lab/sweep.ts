/**
 * Removing what crashed labs left behind, and nothing that is alive.
 *
 * A lab container ends by itself when its owner goes away (its agent's stdin
 * closes and the engine auto-removes it), so a RUNNING lab container belongs to
 * a live owner, wherever that owner runs: another PID namespace, another
 * machine on a shared engine. A "created" one is another command starting it
 * (create, attach, start take a moment), unless it has stayed so for long.
 * Ages are the engine's own times (its Created against its clock): a label
 * written by the creator's clock proves nothing (a laptop with a wrong clock
 * on a shared engine). The owner's liveness (host and pid labels) can only
 * spare a leftover, never condemn one: pids collide across namespaces.
 * Removed: exited or dead containers; ones left "created" past a grace
 * period by an owner not alive here; anything past the longest life a lab
 * may have; networks with nothing attached past their grace period.
 */
import os from 'node:os';
import type { Engine } from '../engine/engine.js';
import { LABEL } from './environments.js';
import { LIMITS } from './limits.js';
import { pidAlive } from '../util/pid.js';

/** A network younger than this may still be getting its first container. */
export const NETWORK_GRACE_MS = 60_000;
/** A container "created" for longer than this was never started: its creator died between create and start. */
export const CREATED_GRACE_MS = 5 * 60_000;

export interface SweepInput {
  /** The engine's clock, ms since the epoch. */
  now: number;
  /** Lab containers: state and creation time as the engine reports them. */
  containers: { id: string; labels: Record<string, string>; state: string; created: number }[];
  /** Lab networks, with how many containers are attached (null: not asked, too young to matter). */
  networks: { id: string; labels: Record<string, string>; created: number; containers: number | null }[];
  /** Is the owner named by these labels a live process of this machine? */
  ownerAlive: (labels: Record<string, string>) => boolean;
}

/** What is provably left over (pure: the rules above, on what the engine said). */
export function leftovers(i: SweepInput): { containers: string[]; networks: string[] } {
  const age = (created: number) => i.now - created;
  const containers = i.containers
    .filter((c) => c.labels[LABEL.session])
    .filter((c) => {
      if (c.state === 'exited' || c.state === 'dead') return true;
      if (age(c.created) > LIMITS.maxLabLifetimeMs) return true;
      return c.state === 'created' && age(c.created) > CREATED_GRACE_MS && !i.ownerAlive(c.labels);
    })
    .map((c) => c.id);
  const networks = i.networks
    .filter((n) => n.labels[LABEL.session] && age(n.created) >= NETWORK_GRACE_MS && n.containers !== null)
    .filter((n) => age(n.created) > LIMITS.maxLabLifetimeMs || (n.containers === 0 && !i.ownerAlive(n.labels)))
    .map((n) => n.id);
  return { containers, networks };
}

/** An owner of this machine that is still running (a pid of another namespace may only look alive: then nothing is removed). */
export function ownerAliveHere(labels: Record<string, string>, isAlive: (pid: number) => boolean = pidAlive): boolean {
  return labels[LABEL.host] === os.hostname() && isAlive(Number(labels[LABEL.pid]));
}

export async function sweepLeftovers(engine: Engine, o: { /** shift the engine's clock (tests) */ laterByMs?: number } = {}): Promise<number> {
  const [clock, containers, networks] = await Promise.all([engine.clock(), engine.listContainers(LABEL.app), engine.listNetworks(LABEL.app)]);
  const now = clock + (o.laterByMs ?? 0);
  // only networks old enough to be judged are inspected for what is attached
  const judged = await Promise.all(
    networks.map(async (n) => ({ ...n, containers: n.labels[LABEL.session] && now - n.created >= NETWORK_GRACE_MS ? ((await engine.networkInfo(n.id))?.containers ?? null) : null })),
  );
  const gone = leftovers({ now, containers, networks: judged, ownerAlive: (l) => ownerAliveHere(l) });
  await Promise.all(gone.containers.map((id) => engine.removeContainer(id)));
  await Promise.all(gone.networks.map((id) => engine.removeNetwork(id).catch(() => undefined)));
  return gone.containers.length + gone.networks.length;
}
