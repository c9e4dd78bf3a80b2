/**
 * What gdb said about a crash, as data. The lab runs gdb in batch mode with
 * the commands of GDB_COMMANDS, each section after an "@@name" marker, and
 * parseGdbReport reads the text back. Pure: tested on gdb output captured in
 * both environments (tests/unit/explain-gdb.test.ts).
 */
import { shQuote } from '../lab/limits.js';

/** One frame of a backtrace: `#3  0x... in walk (depth=3) at worker.c:13`. */
export interface Frame {
  n: number;
  /** The address, in hex ("0x5584bcc3b1f0"); null for an inlined frame (gdb prints none). A string, so results stay JSON. */
  pc: string | null;
  func: string;
  /** Source file and line when gdb knows them (built with -g). */
  file?: string;
  line?: number;
  /** The shared library the frame is in, when it has no source. */
  lib?: string;
}

export interface ThreadRow {
  /** gdb's thread number (1 is the main thread). */
  id: number;
  lwp?: number;
  current: boolean;
}

export interface Mapping {
  start: bigint;
  end: bigint;
  perms: string;
  file: string;
}

export interface GdbReport {
  /** The signal gdb stopped on, e.g. SIGSEGV; null when the program did not crash under gdb. */
  signal: string | null;
  /** How the program ended instead ("exited normally", "exited with code 01"). */
  exited?: string;
  /** gdb's thread number of the thread that got the signal. */
  thread: number | null;
  threads: ThreadRow[];
  /** The innermost frames (bt N), then the outermost ones (bt -N) not already shown. */
  frames: Frame[];
  /** How many frames the whole backtrace has (the outermost frame's number + 1). */
  totalFrames: number;
  siginfo: { signo: number | null; code: number | null; addr: bigint | null };
  sp: bigint | null;
  /** $sp of the outermost frame: close to the top of the thread's stack. */
  outerSp: bigint | null;
  mappings: Mapping[];
  /** A line saying gdb could not trace the program at all (ptrace refused, ...). */
  failure?: string;
}

/** Frames shown from each end of a deep backtrace (a recursion has thousands). */
export const BT_FRAMES = 30;
export const BT_TAIL = 8;

const mark = (name: string) => ['-ex', `echo @@${name}\\n`];

/** gdb's arguments: run the program, then print each section after its marker. */
export function gdbArgs(program: string, args: string[]): string[] {
  return [
    'gdb', '-nx', '-batch',
    // The program's stdout and stderr go nowhere: gdb's report is the only thing on gdb's stdout (a pipe of
    // the lab's agent the program cannot reopen), so the program can neither print a fake "Program received
    // signal" nor push the report out with its own output. The redirection needs gdb's start through a shell.
    '-ex', 'set startup-with-shell on',
    '-ex', 'set width 0',
    '-ex', 'set print thread-events off',
    '-ex', 'set print entry-values no', // else one unreadable argument hides the whole backtrace
    // `run` with words replaces the arguments --args gave: they go here, quoted for the shell that starts the program
    '-ex', ['run', ...args.map(shQuote), '> /dev/null 2> /dev/null'].join(' '),
    ...mark('threads'), '-ex', 'info threads',
    ...mark('bt'), '-ex', `bt ${BT_FRAMES}`,
    ...mark('bt-tail'), '-ex', `bt -${BT_TAIL}`,
    ...mark('siginfo'), '-ex', 'p $_siginfo.si_signo', '-ex', 'p $_siginfo.si_code', '-ex', 'p $_siginfo._sifields._sigfault.si_addr',
    ...mark('sp'), '-ex', 'p $sp',
    ...mark('maps'), '-ex', 'info proc mappings',
    ...mark('outer'), '-ex', 'up 1000000', '-ex', 'p $sp',
    ...mark('end'),
    '--args', program,
  ];
}

const FRAME = /^#(\d+)\s+(?:(0x[0-9a-f]+) in )?(\S+) \(.*?\)(?: at (.+):(\d+)| from (\S+))?\s*$/;
const THREAD = /^(\*)?\s*(\d+)\s+(?:Thread 0x[0-9a-f]+ \(LWP (\d+)\)|LWP (\d+)|process (\d+))/;
const MAPPING = /^\s*(0x[0-9a-f]+)\s+(0x[0-9a-f]+)\s+0x[0-9a-f]+\s+0x[0-9a-f]+\s+([rwxps-]{4})\s*(.*?)\s*$/;
const STOP = /^(?:Thread (\d+) "[^"]*"|Program) received signal (SIG[A-Z0-9]+)/m;
const EXITED = /^\[Inferior \d+ \(process \d+\) (exited normally|exited with code \d+)\]/m;
const VALUE = /^\$\d+ = (?:\([^)]*\) )?(-?(?:0x[0-9a-f]+|\d+))/;

function sections(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let current: string[] | null = null;
  for (const line of text.split('\n')) {
    const m = /^@@([a-z-]+)$/.exec(line);
    if (m) out.set(m[1]!, (current = []));
    else current?.push(line);
  }
  return out;
}

function values(lines: string[] | undefined): (bigint | null)[] {
  return (lines ?? []).flatMap((l) => {
    const m = VALUE.exec(l);
    return m ? [BigInt(m[1]!)] : [];
  });
}

/** A frame line of `bt` as data, or null for any other line. */
export function parseFrame(line: string): Frame | null {
  const m = FRAME.exec(line);
  if (!m) return null;
  return {
    n: Number(m[1]),
    pc: m[2] ? hex(BigInt(m[2])) : null,
    func: m[3]!,
    ...(m[4] ? { file: m[4], line: Number(m[5]) } : {}),
    ...(m[6] ? { lib: m[6] } : {}),
  };
}

export function parseGdbReport(text: string): GdbReport {
  const s = sections(text);
  const stop = STOP.exec(text);
  const exited = EXITED.exec(text);
  const threads: ThreadRow[] = (s.get('threads') ?? []).flatMap((l) => {
    const m = THREAD.exec(l);
    if (!m) return [];
    const lwp = m[3] ?? m[4] ?? m[5];
    return [{ id: Number(m[2]), current: m[1] === '*', ...(lwp ? { lwp: Number(lwp) } : {}) }];
  });
  const head = (s.get('bt') ?? []).map(parseFrame).filter((f): f is Frame => f !== null);
  const tail = (s.get('bt-tail') ?? []).map(parseFrame).filter((f): f is Frame => f !== null);
  const seen = new Set(head.map((f) => f.n));
  const frames = [...head, ...tail.filter((f) => !seen.has(f.n))];
  const [signo, code, addr] = values(s.get('siginfo'));
  const [sp] = values(s.get('sp'));
  const [outerSp] = values(s.get('outer'));
  const mappings: Mapping[] = (s.get('maps') ?? []).flatMap((l) => {
    const m = MAPPING.exec(l);
    return m ? [{ start: BigInt(m[1]!), end: BigInt(m[2]!), perms: m[3]!, file: m[4]! }] : [];
  });
  const failure = /^(?:ptrace: .*|Warning:\s*\n?Cannot insert breakpoint.*|.*Operation not permitted.*during startup.*)$/m.exec(text)?.[0];
  const current = threads.find((t) => t.current)?.id ?? (stop?.[1] ? Number(stop[1]) : stop ? 1 : null);
  return {
    signal: stop?.[2] ?? null,
    ...(exited && !stop ? { exited: exited[1]! } : {}),
    thread: stop ? current : null,
    threads,
    frames,
    totalFrames: frames.reduce((n, f) => Math.max(n, f.n + 1), 0),
    siginfo: { signo: signo !== undefined && signo !== null ? Number(signo) : null, code: code !== undefined && code !== null ? Number(code) : null, addr: addr ?? null },
    sp: sp ?? null,
    outerSp: outerSp ?? null,
    mappings,
    ...(failure ? { failure } : {}),
  };
}

/** The mapping that holds an address, if any. */
export function mappingAt(maps: Mapping[], addr: bigint): Mapping | undefined {
  return maps.find((m) => addr >= m.start && addr < m.end);
}

export function hex(n: bigint): string {
  return `0x${n.toString(16)}`;
}
