/**
 * `strace -f -tt -T` output as data, and what a learner wants from it: calls
 * by count and time, the files the library looked for, the network calls,
 * and the sequence without the loader's start-up. Pure; tested on traces
 * captured in both environments (tests/unit/trace.test.ts).
 */

export interface SysCall {
  pid: number;
  name: string;
  /** The arguments as strace printed them (without the parentheses). */
  args: string;
  /** What it returned, as printed: "3", "-1 ENOENT (No such file or directory)", "?". */
  result: string;
  /** ENOENT, EACCES, ... when it failed. */
  errno?: string;
  /** Time spent in the call (strace -T), µs. */
  us?: number;
}

/**
 * strace's arguments for a program: follow threads and children, wall-clock stamps, time per call.
 * strace writes the trace on its own stderr, a pipe of the lab's agent that the traced program
 * (same uid) can neither reopen nor inherit: a shell between moves the program's stderr onto its
 * stdout first (its calls before the program's execve are cut by fromProgram). A trace file
 * written by strace as the learner's uid could be rewritten by the program it judges.
 */
export function straceArgs(program: string, args: string[]): string[] {
  return ['strace', '-f', '-tt', '-T', '-qq', '-s', '64', '--', '/bin/sh', '-c', 'exec "$@" 2>&1', 'sh', program, ...args];
}

/** The calls from the program's own execve on (the shell of straceArgs before it left out). */
export function fromProgram(calls: SysCall[], program: string): SysCall[] {
  const i = calls.findIndex((c) => c.name === 'execve' && c.result === '0' && c.args.startsWith(`${JSON.stringify(program)},`));
  return i < 0 ? calls : calls.slice(i);
}

/** A line: "<pid> " (strace prints it once a second process is traced), an optional time, the rest. */
const LINE = /^(?:(\d+)\s+)?(?:\d\d:\d\d:\d\d\.\d+\s+)?(.*)$/;
const CALL = /^([a-z_0-9]+)\((.*)\)\s+=\s+(.*?)(?:\s+<(\d+\.\d+)>)?$/;
const UNFINISHED = /^([a-z_0-9]+)\((.*?)\s*<unfinished \.\.\.>$/;
const RESUMED = /^<\.\.\. ([a-z_0-9]+) resumed>\s*(.*?)\)\s+=\s+(.*?)(?:\s+<(\d+\.\d+)>)?$/;

function call(pid: number, name: string, args: string, result: string, secs?: string): SysCall {
  const errno = /^-1 (E[A-Z0-9]+)/.exec(result)?.[1];
  return { pid, name, args, result, ...(errno ? { errno } : {}), ...(secs ? { us: Math.round(Number(secs) * 1e6) } : {}) };
}

/** Every finished system call, in the order they began. Signals and exits ("---", "+++") are skipped. */
export function parseStrace(text: string): SysCall[] {
  const out: SysCall[] = [];
  const pending = new Map<number, { index: number; args: string }>();
  for (const raw of text.split('\n')) {
    const l = LINE.exec(raw.trimEnd());
    if (!l || !l[2]) continue;
    const pid = l[1] === undefined ? 0 : Number(l[1]);
    const rest = l[2]!;
    let m = UNFINISHED.exec(rest);
    if (m) {
      pending.set(pid, { index: out.length, args: m[2]! });
      out.push(call(pid, m[1]!, m[2]!, '?'));
      continue;
    }
    m = RESUMED.exec(rest);
    if (m) {
      const p = pending.get(pid);
      if (p) {
        const args = [p.args, m[2]].filter(Boolean).join(' ');
        out[p.index] = call(pid, m[1]!, args, m[3]!, m[4]);
        pending.delete(pid);
      }
      continue;
    }
    m = CALL.exec(rest);
    if (m) out.push(call(pid, m[1]!, m[2]!, m[3]!, m[4]));
    // "exit_group(0) = ?" has no time; matched above. Signals and exits are not calls.
    else if (/^exit(_group)?\(/.test(rest)) out.push(call(pid, rest.slice(0, rest.indexOf('(')), rest.slice(rest.indexOf('(') + 1, rest.lastIndexOf(')')), '?'));
  }
  return out;
}

const FILE_CALLS = new Set(['open', 'openat', 'openat2', 'stat', 'lstat', 'newfstatat', 'statx', 'access', 'faccessat', 'faccessat2', 'readlink', 'readlinkat', 'execve']);

/** The path a file call names (its first string argument), or null. */
export function pathOf(c: SysCall): string | null {
  if (!FILE_CALLS.has(c.name)) return null;
  const m = /"((?:[^"\\]|\\.)*)"/.exec(c.args);
  return m ? m[1]! : null;
}

/** The loader's work before main(): mapping libc, relocations, TLS. Folded away in the diff. */
const LOADER = new Set(['execve', 'brk', 'mmap', 'mprotect', 'munmap', 'arch_prctl', 'set_tid_address', 'set_robust_list', 'rseq', 'prlimit64', 'read', 'pread64', 'fstat', 'close', 'access', 'open', 'openat']);

/** How many calls at the start are the loader's (start-up noise). */
export function startupLength(calls: SysCall[]): number {
  let n = 0;
  for (const c of calls) {
    if (!LOADER.has(c.name)) break;
    const p = pathOf(c);
    if ((c.name === 'open' || c.name === 'openat' || c.name === 'access') && !(p && /ld\.so|\.so(\.\d+)*$|^\/etc\/ld\.so\.preload$/.test(p))) break;
    n += 1;
  }
  return n;
}

export interface CallCount {
  name: string;
  count: number;
  errors: number;
  /** Total time in the call, µs (when strace measured it). */
  us: number;
}

export function countCalls(calls: SysCall[]): CallCount[] {
  const by = new Map<string, CallCount>();
  for (const c of calls) {
    const e = by.get(c.name) ?? { name: c.name, count: 0, errors: 0, us: 0 };
    e.count += 1;
    if (c.errno) e.errors += 1;
    e.us += c.us ?? 0;
    by.set(c.name, e);
  }
  return [...by.values()].sort((a, b) => b.count - a.count || b.us - a.us || a.name.localeCompare(b.name));
}

export interface FileLook {
  path: string;
  /** The calls that named it, in order, e.g. ["newfstatat", "openat"]. */
  calls: string[];
  /** Found (some call succeeded), or the errno of the last failure. */
  found: boolean;
  errno?: string;
}

/** Every path the program (or its library) asked about, first look first. */
export function filesLookedAt(calls: SysCall[]): FileLook[] {
  const by = new Map<string, FileLook>();
  for (const c of calls) {
    const p = pathOf(c);
    if (p === null) continue;
    const f = by.get(p) ?? { path: p, calls: [], found: false };
    if (!f.calls.includes(c.name)) f.calls.push(c.name);
    if (!c.errno && c.result !== '?') f.found = true;
    else if (c.errno) f.errno = c.errno;
    by.set(p, f);
  }
  return [...by.values()].map((f) => (f.found ? { path: f.path, calls: f.calls, found: true } : f));
}

const NET = new Set(['socket', 'connect', 'bind', 'sendto', 'sendmsg', 'sendmmsg', 'recvfrom', 'recvmsg', 'recvmmsg', 'poll', 'ppoll', 'select', 'pselect6']);

/** A network call in a few words: "connect udp to 127.0.0.1:53", "sendto 127.0.0.1:53, 29 bytes". */
export function describeNet(c: SysCall): string {
  const addr = /sin6?_port=htons\((\d+)\), (?:sin_addr=inet_addr\("([^"]+)"\)|sin6_addr=inet_pton\(AF_INET6, "([^"]+)"\))/.exec(c.args);
  const to = addr ? `${addr[2] ?? `[${addr[3]}]`}:${addr[1]}` : null;
  const res = c.errno ? ` → ${c.errno}` : '';
  const time = c.us !== undefined && c.us >= 1000 ? `, ${Math.round(c.us / 1000)} ms` : '';
  switch (c.name) {
    case 'socket': {
      const kind = /SOCK_DGRAM/.test(c.args) ? 'UDP' : /SOCK_STREAM/.test(c.args) ? 'TCP' : '';
      const fam = /AF_UNIX/.test(c.args) ? 'unix' : /AF_INET6/.test(c.args) ? 'IPv6' : 'IPv4';
      return `socket ${fam} ${kind}`.trim() + res;
    }
    case 'connect':
      return `connect to ${to ?? /sun_path="([^"]+)"/.exec(c.args)?.[1] ?? '?'}${res}${time}`;
    case 'bind':
      return `bind ${to ?? ''}`.trim() + res;
    case 'sendto':
    case 'sendmsg':
    case 'sendmmsg':
      return `${c.name}${to ? ` to ${to}` : ''}, ${/^\d+/.exec(c.result)?.[0] ?? '?'} ${c.name === 'sendmmsg' ? 'messages' : 'bytes'}${res}${time}`;
    case 'poll':
    case 'ppoll': {
      const wait = /\], \d+, (-?\d+)\)?$/.exec(c.args)?.[1];
      const what = /Timeout/.test(c.result) ? 'timed out' : /POLLERR/.test(c.result) ? 'error (POLLERR)' : /POLLIN/.test(c.result) ? 'answer ready' : /POLLOUT/.test(c.result) ? 'ready to send' : c.result;
      return `poll${wait ? ` (wait up to ${wait} ms)` : ''}: ${what}${time}`;
    }
    default:
      return `${c.name}${to ? ` ${to}` : ''}${res}${time}`;
  }
}

export function networkCalls(calls: SysCall[]): SysCall[] {
  return calls.filter((c) => NET.has(c.name));
}

/** A call's shape for the diff: its name and the path or address it names, no fds or pointers. */
export function shape(c: SysCall): string {
  const p = pathOf(c);
  if (p !== null) return `${c.name} ${p}${c.errno ? ` → ${c.errno}` : ''}`;
  if (NET.has(c.name)) return describeNet({ ...c, us: undefined });
  return c.name;
}

export type DiffRow = { kind: 'same'; text: string; count: number } | { kind: 'change'; left: string[]; right: string[] };

/** The two sequences of shapes aligned (longest common subsequence), runs of equal calls folded. */
export function diffSequences(a: string[], b: string[], max = 1500): DiffRow[] {
  a = a.slice(0, max);
  b = b.slice(0, max);
  const n = a.length;
  const m = b.length;
  const L: Uint16Array[] = Array.from({ length: n + 1 }, () => new Uint16Array(m + 1));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) L[i]![j] = a[i] === b[j] ? L[i + 1]![j + 1]! + 1 : Math.max(L[i + 1]![j]!, L[i]![j + 1]!);
  const rows: DiffRow[] = [];
  const change = () => {
    const last = rows.at(-1);
    if (last?.kind === 'change') return last;
    const c: DiffRow = { kind: 'change', left: [], right: [] };
    rows.push(c);
    return c;
  };
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      const last = rows.at(-1);
      if (last?.kind === 'same' && last.text === a[i]) last.count += 1;
      else rows.push({ kind: 'same', text: a[i]!, count: 1 });
      i += 1;
      j += 1;
    } else if (j < m && (i >= n || L[i]![j + 1]! >= L[i + 1]![j]!)) change().right.push(b[j++]!);
    else change().left.push(a[i++]!);
  }
  return rows;
}

/** Calls that only move bytes or tidy up around the ones that matter: left out of the diff (they are in the raw trace). */
export const PLUMBING = new Set(['read', 'pread64', 'readv', 'fstat', 'fcntl', 'lseek', 'close', 'ioctl', 'futex', 'brk', 'getrandom', 'uname', 'mmap', 'munmap', 'mprotect', 'madvise', 'rt_sigaction', 'rt_sigprocmask', 'setsockopt', 'getsockopt', 'getsockname', 'sched_yield', 'set_robust_list', 'rseq']);

export interface TraceSummary {
  calls: number;
  startup: number;
  /** Sum of the time strace measured in calls, µs. */
  us: number;
  counts: CallCount[];
  files: FileLook[];
  network: string[];
  /** The calls after start-up, as shapes, plumbing left out (for the diff). */
  sequence: string[];
}

export function summarize(calls: SysCall[]): TraceSummary {
  const startup = startupLength(calls);
  return {
    calls: calls.length,
    startup,
    us: calls.reduce((s, c) => s + (c.us ?? 0), 0),
    counts: countCalls(calls),
    files: filesLookedAt(calls),
    network: networkCalls(calls).map(describeNet),
    sequence: calls.slice(startup).filter((c) => !PLUMBING.has(c.name)).map(shape),
  };
}
