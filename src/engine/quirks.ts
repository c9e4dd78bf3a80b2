/**
 * Where an engine other than Docker Engine must be asked differently for the
 * same container: Podman's Docker-compatible service (README "Podman").
 * Functions of the engine's product name, which the caller passes in (and
 * finds with `askProduct`, given its own GET), so nothing here knows about the
 * lab or makes a request itself.
 */

/** One entry of a container create's `HostConfig.Ulimits`, as the Docker API spells it. */
export interface Ulimit {
  Name: string;
  Soft: number;
  Hard: number;
}

/**
 * Which engine answers, asked the cheap way: only Podman serves its own API's
 * ping, `/libpod/_ping` (podman v4.3.1 and v5.8.0
 * pkg/api/server/register_ping.go); Docker answers 404. `/version` names it
 * too, but costs Podman 4.3.1 about 0.3 s here (it runs dpkg-query or rpm for
 * its components' packages: podman v4.3.1 libpod/util.go), against 0.5 ms for the ping. `get` makes one
 * GET and rejects with the status as `statusCode`; any other failure is
 * passed on, never taken for an answer.
 */
export async function askProduct(get: (path: string) => Promise<unknown>): Promise<'Podman' | 'Docker Engine'> {
  try {
    await get('/libpod/_ping');
    return 'Podman';
  } catch (e) {
    if ((e as { statusCode?: number } | null)?.statusCode === 404) return 'Docker Engine';
    throw e;
  }
}

/** Whether the engine is Podman's Docker-compatible service (product as the lab names it, or a component name from /version). */
export function isPodman(product: string): boolean {
  return /podman/i.test(product);
}

/**
 * What Podman is told for open files and processes: the kernel's own starting
 * values for open files (INR_OPEN_CUR/INR_OPEN_MAX, linux
 * include/uapi/linux/fs.h), which any host's root can grant, and as many
 * processes (the agent lowers a run's to LIMITS.runProcesses anyway).
 */
export const PODMAN_FILLED_ULIMITS: readonly Ulimit[] = [
  { Name: 'nofile', Soft: 1024, Hard: 4096 },
  { Name: 'nproc', Soft: 4096, Hard: 4096 },
];

/**
 * The ulimits to send for the `wanted` ones. Docker Engine: exactly those; the
 * rest the container inherits from the engine. Podman (rootful) sets any
 * `nofile` the create does not name to 1048576, and `nproc` to what
 * containers.conf or its own default says (podman v4.3.1
 * pkg/specgen/generate/oci.go addRlimits, libpod/define/config.go
 * RLimitDefaultValue; pkg/specgen/container_validate.go; containers/common
 * pkg/config/default_linux.go getDefaultProcessLimits), even with no
 * ulimits at all; where root's hard limit is lower and root lacks
 * CAP_SYS_RESOURCE (root in a container), runc cannot start the container
 * ("error setting rlimit type 7: operation not permitted"). Naming both keeps
 * them within reach; containers.conf cannot, since a create that names any
 * ulimit skips its default_ulimits.
 */
export function ulimitsFor(product: string, wanted: readonly Ulimit[]): Ulimit[] {
  if (!isPodman(product)) return [...wanted];
  const named = new Set(wanted.map((u) => u.Name));
  return [...wanted, ...PODMAN_FILLED_ULIMITS.filter((u) => !named.has(u.Name))];
}

/** One entry of a container create's `HostConfig.Mounts`, the fields the lab uses. */
export interface Mount {
  Type: 'volume' | 'tmpfs' | 'bind';
  Source?: string;
  Target: string;
  ReadOnly?: boolean;
  VolumeOptions?: { NoCopy?: boolean; Labels?: Record<string, string>; DriverConfig?: { Name?: string; Options?: Record<string, string> } };
  TmpfsOptions?: { SizeBytes?: number; Mode?: number };
}

/**
 * The mounts to send for the `wanted` ones. Docker Engine: exactly those.
 * Podman: a volume that asks the local driver for a tmpfs (`type=tmpfs`,
 * `o=size=…,mode=…`) becomes a tmpfs mount of that size and mode, since
 * Podman's Docker API drops a volume mount's VolumeOptions (podman v4.3.1 and
 * v5.8.0 pkg/api/handlers/compat/containers_create.go: "case
 * mount.TypeVolume" adds none), which would leave an unbounded folder on the
 * host's disk. Podman's archive API sees into a running container's tmpfs
 * mounts (it copies from inside the container's mount and PID namespaces:
 * podman v4.3.1 libpod/container_copy_linux.go joinMountAndExec), so the
 * reason Docker needs the volume does not apply.
 */
export function mountsFor<M extends Mount>(product: string, wanted: readonly M[] | undefined): (M | Mount)[] | undefined {
  if (!wanted || !isPodman(product)) return wanted && [...wanted];
  return wanted.map((m) => {
    const options = m.VolumeOptions?.DriverConfig?.Options;
    if (m.Type !== 'volume' || options?.type !== 'tmpfs') return m;
    const o = Object.fromEntries((options.o ?? '').split(',').filter(Boolean).map((kv) => [kv.split('=')[0]!, kv.slice(kv.indexOf('=') + 1)]));
    const size = o.size !== undefined ? bytesOf(o.size) : undefined;
    const mode = o.mode !== undefined ? parseInt(o.mode, 8) : undefined;
    return {
      Type: 'tmpfs' as const,
      Target: m.Target,
      ...(m.ReadOnly ? { ReadOnly: true } : {}),
      TmpfsOptions: { ...(size !== undefined && Number.isFinite(size) ? { SizeBytes: size } : {}), ...(mode !== undefined && Number.isFinite(mode) ? { Mode: mode } : {}) },
    };
  });
}

/** A tmpfs size as mount(8) writes it: bytes, or with a k, m or g suffix. */
function bytesOf(size: string): number {
  const m = /^(\d+)([kmg]?)$/i.exec(size.trim());
  if (!m) return NaN;
  return Number(m[1]) * 1024 ** ' kmg'.indexOf((m[2] || ' ').toLowerCase());
}

/**
 * The next step for an engine failure that only a Podman host's setup causes,
 * or undefined. Debian's podman only recommends catatonit, the init Podman
 * runs for a create with `Init: true` (every lab container but the agent's).
 */
export function podmanNext(message: string): string | undefined {
  if (/container-init binary not found/i.test(message)) {
    return 'Podman needs an init program for the lab\'s containers: install catatonit (Debian, Ubuntu: `apt-get install catatonit`), then run `musl-lab doctor`.';
  }
  return undefined;
}
