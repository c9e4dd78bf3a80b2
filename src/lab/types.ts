/**
 * The plain data the lab engine speaks. Nothing here knows about Docker:
 * callers ask for compile/run/tool and get these records back.
 */
export const ENV_NAMES = ['glibc', 'musl', 'musl-gcompat'] as const;
export type EnvName = (typeof ENV_NAMES)[number];

export function isEnvName(s: string): s is EnvName {
  return (ENV_NAMES as readonly string[]).includes(s);
}

export interface SourceFile {
  /** A plain file name such as "main.c" (no folders). */
  name: string;
  content: string | Buffer;
}

export interface CompileRequest {
  sources: SourceFile[];
  /** Extra gcc flags, e.g. ["-static"] or ["-Wl,-z,stack-size=1048576"]. Warnings are always on. */
  flags?: string[];
  /** Name of the built program (default "prog"). */
  output?: string;
  timeoutMs?: number;
}

/** A program built in one environment; it can be run there or moved to another. */
export interface Artifact {
  builtIn: EnvName;
  /** Absolute path inside the environment that holds it. */
  path: string;
  name: string;
}

export interface CompileResult {
  env: EnvName;
  ok: boolean;
  exitCode: number | null;
  /** Everything gcc printed (warnings and errors). */
  diagnostics: string;
  durationMs: number;
  timedOut: boolean;
  command: string[];
  artifact?: Artifact;
}

export interface Ulimits {
  /** `ulimit -s` in KiB, or "unlimited": glibc's default thread stack follows it. */
  stackKiB?: number | 'unlimited';
}

export interface RunRequest {
  args?: string[];
  stdin?: string;
  /** Extra environment variables for the program (e.g. LANG). */
  env?: Record<string, string>;
  ulimits?: Ulimits;
  timeoutMs?: number;
  /** Bytes kept per stream; the rest is counted and dropped. */
  maxOutputBytes?: number;
}

export interface RunOutcome {
  env: EnvName;
  exitCode: number | null;
  /** SIGSEGV, SIGABRT, ... when the process died by a signal. */
  signal: string | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  /** Output went over the cap; the kept part ends with a visible marker. */
  truncated: boolean;
  durationMs: number;
}

/**
 * One scenario of the DNS lab: the clients' resolv.conf and hosts (with
 * placeholders such as {dns}, {dead}, {dnsmasq} for the lab's addresses) and
 * the knobs of the lab's DNS server.
 */
export interface DnsScenario {
  resolvConf: string;
  hosts?: string;
  dns: {
    /** name -> its IPv4 address(es) */
    names: Record<string, string | string[]>;
    /** name -> how many addresses: too many for one UDP answer */
    big: Record<string, number>;
    servfail: string[];
    nxdomain: string[];
    delayMs: number;
    ttl: number;
  };
}

/** One row of the lab DNS server's query log: how many queries of a kind it got. */
export interface DnsQuery {
  /** Who asked: glibc, musl, musl-gcompat, dnsmasq (or an address). */
  from: string;
  proto: 'udp' | 'tcp';
  /** A, AAAA, ... */
  type: string;
  name: string;
  count: number;
}
