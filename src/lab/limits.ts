/**
 * Limits for untrusted learner code, and the small shell wrapper that applies
 * the per-run ones. The wrapper is pure text so it can be unit tested.
 */
import type { Ulimits } from './types.js';

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
  /**
   * Sizes of an environment's writable places, /lab and /tmp: tmpfs counted in its memory (the engine's
   * overlay2 on ext4 has no disk quota), so filling one is the program's ENOSPC, never the host's disk.
   * A whole `verify` leaves about 3 MiB in /lab.
   */
  labDiskBytes: 128 * 1024 * 1024,
  tmpDiskBytes: 64 * 1024 * 1024,
} as const;

/** Quote one word for POSIX sh. */
export function shQuote(s: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(s)) return s;
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

export interface WrapOptions {
  cwd: string;
  /** Files to write into cwd before running; their contents travel in env MUSL_LAB_F0, F1, ... */
  files?: string[];
  /** A file in cwd to feed the program on stdin (else /dev/null). */
  stdinFile?: string;
  ulimits?: Ulimits;
  timeoutMs: number;
  /**
   * Build first, in the same exec (one Docker round trip instead of two): the compiler's output
   * goes to stderr followed by `\n<marker> <status>\n`; the program runs only if the build succeeded.
   */
  build?: { argv: string[]; marker: string; timeoutMs: number };
}

/** Text small enough, and free of NUL bytes, to travel inside an exec's environment. */
export function fitsInEnv(content: string | Buffer): boolean {
  const b = typeof content === 'string' ? Buffer.from(content) : content;
  return b.length < 100 * 1024 && !b.includes(0);
}

/**
 * The sh program every learner process runs under. It makes its folder and
 * writes its files itself (one exec instead of a copy plus an exec: each
 * Docker API round trip costs tens of ms), sets the limits, runs the command,
 * then kills whatever it left behind (kill -9 -1 reaches every process of
 * this uid in the container, i.e. only the learner's). The exit status is the
 * command's, so a crash still reads 139.
 */
export function wrapScript(o: WrapOptions): string {
  const cpuSeconds = Math.ceil(o.timeoutMs / 1000) + 1;
  const parts = [`mkdir -p ${shQuote(o.cwd)} && cd ${shQuote(o.cwd)} || exit 125`];
  (o.files ?? []).forEach((name, i) => {
    parts.push(`printf '%s' "$MUSL_LAB_F${i}" > ${shQuote(name)} || exit 125`);
    parts.push(`unset MUSL_LAB_F${i}`);
  });
  const cpu = Math.max(cpuSeconds, o.build ? Math.ceil(o.build.timeoutMs / 1000) + 1 : 0);
  parts.push(
    // bash/busybox spell the process limit -u, dash spells it -p; refuse to run without it.
    `{ ulimit -u ${LIMITS.runProcesses} || ulimit -p ${LIMITS.runProcesses}; } 2>/dev/null || { echo 'musl-lab: cannot set the process limit' >&2; exit 125; }`,
    `ulimit -t ${cpu}`, // a backstop per process; the wall-clock limit is enforced from outside
    `ulimit -f ${LIMITS.fileSizeKiB * 2}`, // POSIX counts -f in 512-byte blocks
  );
  if (o.build) {
    parts.push(`${o.build.argv.map(shQuote).join(' ')} > .diag 2>&1`, 'crc=$?', 'cat .diag >&2');
    parts.push(`printf '\\n%s %s\\n' ${shQuote(o.build.marker)} "$crc" >&2`, '[ "$crc" -eq 0 ] || exit 0');
  }
  parts.push('keep=$(ls -A)'); // the folder before the program runs (the lab's safe names, one a line)
  if (o.ulimits?.stackKiB !== undefined) parts.push(`ulimit -s ${o.ulimits.stackKiB}`);
  // A shell prints "Segmentation fault" when a child it waits for crashes: the shell's noise, not the
  // program's output. So this shell's stderr goes away, and an inner sh, started without redirections
  // (busybox applies them in the parent and would print there), gives the real stderr back and execs the program.
  parts.push('exec 3>&2 2>/dev/null');
  // "$@" is: a count n, n NAME=VALUE words, the command (see agentRequest): the program's variables are exported
  // here, just before its exec, so they reach the program and nothing of the lab's (gcc, mkdir, this script).
  parts.push(`sh -c 'exec <"$1" 2>&3 3>&-; n=$2; shift 2; while [ "$n" -gt 0 ]; do export "$1"; shift; n=$((n - 1)); done; exec "$@"' sh ${shQuote(o.stdinFile ?? '/dev/null')} "$@"`);
  parts.push('rc=$?');
  parts.push('kill -9 -1 2>/dev/null');
  // /lab and /tmp are small tmpfs (LIMITS.labDiskBytes, tmpDiskBytes): a run that filled them must not stop
  // the next. /tmp goes back to empty. What the program added to its folder goes after a build-and-run, and
  // after any run that left /lab with less than 4 MiB (the program of a plain run may be gcc, whose output stays).
  parts.push('rm -rf /tmp/* /tmp/.[!.]* 2>/dev/null');
  const clean = 'for f in * .[!.]* ..?*; do case "\n$keep\n" in *"\n$f\n"*) ;; *) rm -rf -- "$f" ;; esac; done 2>/dev/null';
  parts.push(o.build ? clean : `[ "$(df -Pk /lab | awk 'NR == 2 { print $4 }')" -ge 4096 ] 2>/dev/null || ${clean}`);
  parts.push('exit $rc');
  return parts.join('\n');
}

/**
 * What the agent runs for one request: the files' contents as shell variables,
 * the positional parameters the wrapper script expects, then the script.
 * `env` is the program's alone: it travels as "<count> NAME=VALUE..." ahead of
 * argv and is exported only by the wrapper's last exec, so `--set PATH=/x`
 * cannot break the lab's own commands nor `MUSL_LAB_F0=...` replace a source.
 */
export function agentRequest(o: { fileContents: string[]; env: Record<string, string>; argv: string[]; script: string }): string {
  const lines = o.fileContents.map((c, i) => `MUSL_LAB_F${i}=${shQuote(c)}`);
  lines.push('HOME=/lab; export HOME');
  const env = Object.entries(o.env);
  for (const [k] of env) if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) throw new Error(`not a variable name: ${k}`);
  lines.push(`set -- ${[String(env.length), ...env.map(([k, v]) => `${k}=${v}`), ...o.argv].map(shQuote).join(' ')}`);
  lines.push(o.script);
  return lines.join('\n');
}
