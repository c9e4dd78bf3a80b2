/**
 * The plain data the lab engine speaks. Nothing here knows about Docker:
 * callers ask for compile/run/tool and get these records back.
 */
/** The lab's default environments: built by `musl-lab images build`, the ones lessons run in. */
export const ENV_NAMES = ['glibc', 'musl', 'musl-gcompat'] as const;
/**
 * Extra environments built on demand (on first use by a lesson that needs one, or by
 * `musl-lab images build --env NAME`), never by a plain `images build`: e.g. the
 * toolchains of other languages, which would more than double the default images.
 */
export const ON_DEMAND_ENV_NAMES = ['toolchains', 'python-musl'] as const;
export const ALL_ENV_NAMES = [...ENV_NAMES, ...ON_DEMAND_ENV_NAMES] as const;
export type DefaultEnvName = (typeof ENV_NAMES)[number];
export type OnDemandEnvName = (typeof ON_DEMAND_ENV_NAMES)[number];
export type EnvName = DefaultEnvName | OnDemandEnvName;

/** Any environment of the lab, default or on demand. */
export function isEnvName(s: string): s is EnvName {
  return (ALL_ENV_NAMES as readonly string[]).includes(s);
}

export function isOnDemand(env: EnvName): env is OnDemandEnvName {
  return (ON_DEMAND_ENV_NAMES as readonly string[]).includes(env);
}

export interface SourceFile {
  /** A plain file name such as "main.c" (no folders). */
  name: string;
  content: string | Buffer;
}

/**
 * The C compilers a request may name. musl-gcc is Debian's wrapper around gcc (musl-tools), only in
 * the glibc environment: it builds musl programs on a glibc system.
 */
export const COMPILERS = ['gcc', 'musl-gcc'] as const;
export type Compiler = (typeof COMPILERS)[number];

export interface CompileRequest {
  sources: SourceFile[];
  /** Default gcc. */
  compiler?: Compiler;
  /** Extra gcc flags, e.g. ["-static"] or ["-Wl,-z,stack-size=1048576"]. Warnings are always on. */
  flags?: string[];
  /** Name of the built program (default "prog"). */
  output?: string;
  timeoutMs?: number;
  /**
   * Nothing of this build is used after the run (compareAndRun only; `musl-lab compare`): the
   * environment removes the work folder at once, and no artifact is returned.
   */
  discard?: boolean;
  /**
   * Build with this tool instead of gcc (see toolCommand): its argv with "{main}", "{sources}",
   * "{flags}" and "{output}" filled in, and variables set for the build only.
   */
  tool?: BuildTool;
}

export interface BuildTool {
  command: string[];
  env?: Record<string, string>;
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
  /** Wall time of gcc alone, measured inside the environment (ms). */
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
  /** Bytes fed to the program (kept exactly: a Buffer is never decoded). */
  stdin?: string | Buffer;
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
  /**
   * What the program printed, exactly as far as it was kept (the first LIMITS.keepOutputBytes
   * of each stream), decoded as UTF-8; a byte that is not UTF-8 reads "\xNN" and its stream's
   * exact bytes are in `binary`. Nothing of the lab's own is ever added to these.
   */
  stdout: string;
  stderr: string;
  timedOut: boolean;
  /** Output went over what is kept: `stdout`/`stderr` hold its first bytes only (see totalBytes). */
  truncated: boolean;
  /** The program was stopped because it printed more than LIMITS.killOutputBytes. (Always set by the lab.) */
  flooded?: boolean;
  /** How many bytes each stream printed in all. (Always set by the lab.) */
  totalBytes?: { stdout: number; stderr: number };
  /** Wall time of the program alone, measured inside the environment (monotonic clock, ms). */
  durationMs: number;
  /** CPU time (user + system) of the program's main process, ms. (Always set by the lab.) */
  cpuMs?: number;
  /** The command as run, templates resolved (argv, for display with shell quoting). (Always set by the lab.) */
  command?: string[];
  /** base64 of a stream's exact bytes, when they are not valid UTF-8. */
  binary?: { stdout?: string; stderr?: string };
}

/**
 * One scenario of the DNS lab: the clients' resolv.conf and hosts (with
 * placeholders such as {dns}, {dead}, {dnsmasq} for the lab's addresses) and
 * the knobs of the lab's DNS server.
 */
export interface DnsScenario {
  resolvConf: string;
  hosts?: string;
  /** The clients' whole /etc/nsswitch.conf; absent: the image's own file (or none). */
  nsswitch?: string;
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

/** Where a request to an environment is: waiting its turn, building, running, finished. */
export type Phase = 'queued' | 'compiling' | 'running' | 'done';

/** A phase reached by one environment, reported by the lab as it happens. */
export interface PhaseEvent {
  env: EnvName;
  phase: Phase;
  /** Milliseconds on the lab's clock when the phase began. */
  at: number;
  /** With phase done: what the build did (when there was one) and what the run did (when it ran). */
  compile?: CompileResult;
  outcome?: RunOutcome;
}
export type PhaseListener = (e: PhaseEvent) => void;

/** Per-call options of the lab's requests. */
export interface CallOptions {
  /** Told of every phase of this call (besides the session's own listeners). */
  onPhase?: PhaseListener;
  /** Once aborted, a request still waiting for its environment is never sent (a cancelled run's next row). */
  signal?: AbortSignal;
}
