/**
 * Limits for untrusted learner code. The agent (docker/agent/lab-agent.c)
 * applies the per-run ones; the container holds the rest.
 */

export const LIMITS = {
  /** Memory of a whole environment container (no swap). */
  memoryBytes: 768 * 1024 * 1024,
  /** Processes of a whole container: above the per-run limit, so the lab can always exec its own cleanup. */
  containerPids: 512,
  /** Processes and threads of one run (ulimit -u): a fork bomb stops here. */
  runProcesses: 256,
  /** One CPU per environment. */
  nanoCpus: 1_000_000_000,
  runTimeoutMs: 10_000,
  compileTimeoutMs: 60_000,
  /** Bytes kept per stream, and the total after which the program is killed. */
  keepOutputBytes: 64 * 1024,
  killOutputBytes: 8 * 1024 * 1024,
  /** Largest file a run may write, in KiB (ulimit -f). */
  fileSizeKiB: 64 * 1024,
  /** A service of the DNS lab (its DNS server, dnsmasq): memory (enough to compile the server), processes. */
  serviceMemoryBytes: 256 * 1024 * 1024,
  servicePids: 64,
  /** A service ends by itself after this long, whatever happens to the lab that started it. */
  serviceLifetimeSeconds: 3 * 3600,
  /** How long a service may take to start (the DNS server is compiled first). */
  serviceStartMs: 30_000,
  /** An environment's agent exits (and its container goes) after this long without a request. */
  agentIdleSeconds: 30 * 60,
  /** No lab container or network lives longer than this: older ones are swept as expired. */
  maxLabLifetimeMs: 24 * 3600 * 1000,
  /**
   * Sizes of an environment's writable places, /lab and /tmp: tmpfs counted in its memory (the engine's
   * overlay2 on ext4 has no disk quota), so filling one is the program's ENOSPC, never the host's disk.
   * A whole `verify` leaves about 3 MiB in /lab.
   */
  labDiskBytes: 128 * 1024 * 1024,
  tmpDiskBytes: 64 * 1024 * 1024,
  /** /var/tmp and /run (root's: the agent), which nothing of the lab needs much of. */
  smallDiskBytes: 16 * 1024 * 1024,
} as const;

/** Quote one word for POSIX sh (for showing commands as a learner would type them). */
export function shQuote(s: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(s)) return s;
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** A command line as a learner would type it: each word quoted where a shell needs it. */
export function shellLine(argv: string[]): string {
  return argv.map(shQuote).join(' ');
}
