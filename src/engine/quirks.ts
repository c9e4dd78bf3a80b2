/**
 * Where an engine other than Docker Engine must be asked differently for the
 * same container. Pure functions of the engine's product name (what `/version`
 * says: Podman's service lists a component "Podman Engine"); the caller passes
 * it in, so nothing here knows about the lab.
 */

/** One entry of a container create's `HostConfig.Ulimits`, as the Docker API spells it. */
export interface Ulimit {
  Name: string;
  Soft: number;
  Hard: number;
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
