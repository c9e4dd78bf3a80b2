/**
 * Why a program crashed, from what gdb saw (a GdbReport) and what the
 * program printed. Pure. Each cause is claimed only when the evidence shows
 * it; anything else is "cause not classified" with the backtrace.
 */
import { type Frame, type GdbReport, hex, mappingAt } from './gdb-report.js';

/** Every cause the explainer can name (a lesson may expect one: `cause: stack-overflow`). */
export const CAUSE_KINDS = [
  'stack-overflow',
  'null-pointer',
  'bad-jump',
  'wild-pointer',
  'read-only-write',
  'fortify',
  'stack-protector',
  'malloc-check',
  'assert',
  'abort-call',
  'divide-by-zero',
  'unclassified',
] as const;
export type CauseKind = (typeof CAUSE_KINDS)[number];

export interface Cause {
  kind: CauseKind;
  /** The root cause in the catalogue (causes/<id>.yaml) when the crash is a known musl/glibc difference. */
  class?: string;
  /** One sentence: what happened. */
  summary: string;
  /** The evidence behind it, a line each. */
  evidence: string[];
  /** For a stack overflow: the overflowing thread's stack in KiB, measured in the crashed process. */
  stackKiB?: number;
}

/** What each signal means, in a learner's words. */
export const SIGNAL_MEANING: Record<string, string> = {
  SIGSEGV: 'segmentation fault: the program touched memory it may not use',
  SIGBUS: 'bus error: the memory exists but cannot be accessed (e.g. past the end of a mapped file)',
  SIGABRT: 'abort: the program (usually the C library on its behalf) called abort()',
  SIGILL: 'illegal instruction: the CPU met an instruction it cannot run (gcc puts one where code can never be reached, e.g. __builtin_trap)',
  SIGFPE: 'arithmetic error: an integer division by zero or an overflow of a division',
};

/** Addresses this low are never mapped (vm.mmap_min_addr is 64 KiB): a NULL pointer plus at most an offset. */
const NULL_PAGE = 0x10000n;
/** How far below a thread's guard page one frame's locals may put the stack pointer and still be read as that thread's overflow. */
const FRAME_REACH = 64n * 1024n * 1024n;

/** The kernel keeps a gap of this much below the main thread's stack (stack_guard_gap, 256 pages). */
const MAIN_GUARD_GAP = 256n * 4096n;

/** A frame of the learner's own code: its file is one of the sources. */
export function learnerFrame(frames: Frame[], sources: string[]): Frame | undefined {
  return frames.find((f) => f.file !== undefined && sources.includes(basename(f.file)));
}

function basename(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

export function where(f: Frame | undefined): string {
  if (!f) return 'in code without debug information';
  return f.file ? `${f.func}() at ${basename(f.file)}:${f.line}` : `${f.func}()${f.lib ? ` in ${basename(f.lib)}` : ''}`;
}

const kib = (n: bigint) => Math.round(Number(n) / 1024);

/** A recursion: how many of the frames shown are the innermost frame's function. */
function recursion(r: GdbReport): string | null {
  const top = r.frames[0];
  if (!top || top.func === '??') return null;
  const same = r.frames.filter((f) => f.func === top.func).length;
  return same >= 10 ? `${top.func}() calls itself: ${same} of the ${r.frames.length} frames shown are ${top.func}(), ${r.totalFrames} frames in all.` : null;
}

function stackOverflow(r: GdbReport, sources: string[]): Cause | null {
  const addr = r.siginfo.addr;
  if (addr === null || r.sp === null || (r.signal !== 'SIGSEGV' && r.signal !== 'SIGBUS')) return null;
  const frame = learnerFrame(r.frames, sources) ?? r.frames[0];
  const rec = recursion(r);
  // A thread made by the C library: an inaccessible guard mapping with the stack right above it.
  const guard = mappingAt(r.mappings, addr);
  if (guard && guard.perms.startsWith('---')) {
    const stack = r.mappings.find((m) => m.start === guard.end && m.perms.startsWith('rw'));
    // It is this thread's stack: its outermost frame lives there. And the stack pointer is at its
    // end: in the guard or just above it, or already below it (one frame bigger than the stack).
    const own = stack && (r.outerSp === null || (r.outerSp >= stack.start && r.outerSp < stack.end));
    if (stack && own && r.sp < guard.end + 0x10000n) {
      // Measured up to the thread's first frame: the mapping can be larger than the stack, since
      // the C library keeps the thread's own data above it and the kernel merges a neighbouring
      // anonymous mapping (a malloc'd block) into it.
      const size = r.outerSp !== null ? kib(r.outerSp - stack.start) : kib(stack.end - stack.start);
      const who = r.thread === 1 ? 'the main thread' : `thread ${r.thread}`;
      const below = r.sp < guard.start;
      return {
        kind: 'stack-overflow',
        ...(r.thread !== 1 ? { class: 'thread-stack' } : {}),
        stackKiB: size,
        summary: `Stack overflow in ${who}: its stack is about ${size} KiB, and the frame of ${where(frame)} needed more.`,
        evidence: [
          `The fault address ${hex(addr)} is in the ${kib(guard.end - guard.start)} KiB guard page (${hex(guard.start)}-${hex(guard.end)}), which has no access rights; the thread's stack starts just above it, at ${hex(stack.start)}.`,
          `From there up to the thread's first frame${r.outerSp !== null ? ` (${hex(r.outerSp)})` : ''} is ${size} KiB: the stack the thread had.`,
          below
            ? `The stack pointer ${hex(r.sp)} is already ${kib(guard.start - r.sp)} KiB below the guard page: one frame (a large local array) asked for more than the whole stack, and its first write from the top hit the guard.`
            : `The stack pointer is ${hex(r.sp)}, at the bottom edge of that stack.`,
          ...(rec ? [rec] : []),
        ],
      };
    }
  }
  // One frame bigger than the whole stack: the stack pointer itself is already below a thread's guard
  // page (the frame's locals reach past it), and the fault is at that frame, in memory the guard does not
  // cover. The evidence is the stack pointer, not the fault address: say so.
  const guardAbove = r.mappings
    .filter((m) => m.perms.startsWith('---') && m.start > r.sp! && m.start - r.sp! <= FRAME_REACH && r.mappings.some((s) => s.start === m.end && s.perms.startsWith('rw')))
    .sort((a, b) => (a.start < b.start ? -1 : 1))[0];
  if (guardAbove && addr < guardAbove.start && addr + 0x10000n >= r.sp) {
    const stack = r.mappings.find((m) => m.start === guardAbove.end)!;
    const own = r.outerSp === null || (r.outerSp >= stack.start && r.outerSp < stack.end);
    if (own) {
      const size = r.outerSp !== null ? kib(r.outerSp - stack.start) : kib(stack.end - stack.start);
      const who = r.thread === 1 ? 'the main thread' : `thread ${r.thread}`;
      return {
        kind: 'stack-overflow',
        ...(r.thread !== 1 ? { class: 'thread-stack' } : {}),
        stackKiB: size,
        summary: `Stack overflow in ${who}: its stack is about ${size} KiB, and the frame of ${where(frame)} needed more than all of it.`,
        evidence: [
          `The stack pointer ${hex(r.sp)} is ${kib(guardAbove.start - r.sp)} KiB below the guard page (${hex(guardAbove.start)}-${hex(guardAbove.end)}) of the stack above it (${hex(stack.start)}-${hex(stack.end)}${r.outerSp !== null ? `, the thread's first frame at ${hex(r.outerSp)}` : ''}): one frame (a large local array) reached past the whole stack.`,
          `The fault address ${hex(addr)} is at that frame (within 64 KiB of the stack pointer), below the guard page, so the guard could not catch it.`,
          ...(rec ? [rec] : []),
        ],
      };
    }
  }
  // The main thread: its stack grows down to ulimit -s; below it, the kernel's guard gap.
  const main = r.mappings.find((m) => m.file === '[stack]');
  if (main && !guard && addr < main.start && main.start - addr <= MAIN_GUARD_GAP && r.sp < main.start + 0x10000n && r.sp + 0x10000n > main.start) {
    const size = kib(main.end - main.start);
    return {
      kind: 'stack-overflow',
      stackKiB: size,
      summary: `Stack overflow in the main thread: its stack grew to ${size} KiB (the limit, ulimit -s), and the frame of ${where(frame)} needed more.`,
      evidence: [
        `The fault address ${hex(addr)} is just below the main thread's stack (${hex(main.start)}-${hex(main.end)}, ${size} KiB), where the kernel lets it grow no further.`,
        `The stack pointer is ${hex(r.sp)}, at the bottom of that stack.`,
        ...(rec ? [rec] : []),
      ],
    };
  }
  return null;
}

/** musl's mallocng: the functions that read a block's metadata (src/malloc/mallocng, musl 1.2.5). */
const MUSL_ALLOCATOR = new Set(['get_meta', '__libc_free', 'free', 'nontrivial_free', 'free_group', '__libc_malloc', '__libc_malloc_impl', 'malloc', 'realloc', '__libc_realloc', 'calloc', '__libc_calloc', 'alloc_slot', 'alloc_group', 'enframe', 'get_nominal_size', 'aligned_alloc', 'posix_memalign', 'malloc_usable_size', '__malloc_donate', '__malloc_alloc_meta']);
/** si_code of a fault the kernel raised itself (a general-protection fault, not a page fault). */
const SI_KERNEL = 128;
const inMusl = (f: Frame | undefined) => !!f?.lib && /musl/.test(f.lib);

/**
 * musl's allocator stopping on a damaged heap. mallocng's checks end the
 * process with a_crash() (glue.h), on x86-64 the privileged instruction hlt:
 * the kernel reports SIGSEGV with si_code SI_KERNEL and address 0, which is
 * not a NULL pointer. A block freed twice instead leaves get_meta() reading a
 * metadata pointer that is NULL (a fault at 0x10).
 */
function muslAllocator(r: GdbReport, sources: string[]): Cause | null {
  const top = r.frames[0];
  const addr = r.siginfo.addr;
  if (r.signal !== 'SIGSEGV' || addr === null || !inMusl(top) || !MUSL_ALLOCATOR.has(top!.func)) return null;
  const caller = learnerFrame(r.frames, sources);
  const from = caller ? ` (called from ${where(caller)})` : '';
  // the public name: __libc_free is free() (musl 1.2.5 src/malloc/mallocng/glue.h renames them)
  const entry = r.frames.find((f) => inMusl(f) && /^(?:__libc_)?(?:free|malloc|realloc|calloc)(?:_impl)?$|^(?:aligned_alloc|posix_memalign)$/.test(f.func));
  const fn = entry ? entry.func.replace(/^__libc_/, '').replace(/_impl$/, '') : top!.func;
  if (r.siginfo.code === SI_KERNEL && addr === 0n) {
    return {
      kind: 'malloc-check',
      class: 'malloc-behaviour',
      summary: `musl's allocator found heap corruption in ${fn}()${from} and stopped the program on purpose; the mistake (a write past a block, a double free, a pointer malloc never returned) happened earlier.`,
      evidence: [
        `The crash is in ${top!.func}() of musl's mallocng, whose checks call a_crash() when the heap's bookkeeping is wrong.`,
        `On x86-64 a_crash() is the privileged instruction hlt: the kernel reports it as SIGSEGV with si_code ${SI_KERNEL} (SI_KERNEL) and address 0, which is not a NULL pointer in the program.`,
        'glibc would print what it found ("free(): invalid pointer") and abort; musl prints nothing.',
      ],
    };
  }
  if (addr < NULL_PAGE) {
    return {
      kind: 'malloc-check',
      class: 'malloc-behaviour',
      summary: `musl's allocator found heap corruption in ${fn}()${from}: the block's metadata is gone (a block freed twice, or a pointer malloc never returned), and reading it faulted.`,
      evidence: [
        `The fault address ${hex(addr)} is a field of a NULL pointer inside ${top!.func}() of musl's mallocng: the metadata pointer it found next to the block was NULL.`,
        'glibc would print what it found ("free(): double free detected") and abort; musl prints nothing.',
      ],
    };
  }
  return null;
}

/** musl's freeaddrinfo() reads the list it is given; glibc's returns on NULL. */
function freeaddrinfoNull(r: GdbReport, sources: string[]): Cause | null {
  const top = r.frames[0];
  const addr = r.siginfo.addr;
  if (r.signal !== 'SIGSEGV' || addr === null || addr >= NULL_PAGE || top?.func !== 'freeaddrinfo') return null;
  const caller = learnerFrame(r.frames, sources);
  return {
    kind: 'null-pointer',
    class: 'netdb-behaviour',
    summary: `NULL pointer inside freeaddrinfo()${caller ? `, called from ${where(caller)}` : ''}: it was given NULL (or a list getaddrinfo did not return). musl's freeaddrinfo reads the list; glibc's accepts NULL.`,
    evidence: [`The fault address ${hex(addr)} is a field of a NULL struct addrinfo, read inside freeaddrinfo()${top.lib ? ` in ${basename(top.lib)}` : ''}.`],
  };
}

/**
 * A call from a shared library to a function its loader never bound: musl's
 * dlopen(RTLD_LAZY) keeps an unresolved PLT entry aside and leaves it as
 * linked, so the call jumps to an unrelocated offset inside the library (glibc
 * would stop with "symbol lookup error").
 */
function unboundSymbol(r: GdbReport): Cause | null {
  const [top, caller] = r.frames;
  const addr = r.siginfo.addr;
  if (r.signal !== 'SIGSEGV' || addr === null || addr === 0n || addr >= NULL_PAGE || !top?.pc || BigInt(top.pc) !== addr) return null;
  if (!caller?.lib || /(?:^|\/)(?:libc\.so|ld-|libc\.musl)/.test(caller.lib)) return null;
  const name = basename(caller.lib);
  const size = r.mappings.filter((m) => basename(m.file) === name).reduce((n, m) => n + (m.end - m.start), 0n);
  if (size === 0n || addr >= size) return null;
  return {
    kind: 'bad-jump',
    class: 'lazy-binding',
    summary: `Jump to address ${hex(addr)} through a lazily bound symbol: ${caller.func}() in ${name} called a function that was never resolved, and the call went to an offset inside ${name} that was never relocated.`,
    evidence: [
      `The instruction pointer and the fault address are both ${hex(addr)}, smaller than ${name} itself (${kib(size)} KiB mapped): a link-time offset, not an address.`,
      `The caller is ${caller.func}() in ${name}: its call went through a PLT entry nobody filled. musl's dlopen(RTLD_LAZY) leaves an unresolved symbol's entry as linked, hoping a library loaded later defines it; glibc would have stopped with "symbol lookup error: undefined symbol".`,
    ],
  };
}

function badAccess(r: GdbReport, sources: string[]): Cause | null {
  const addr = r.siginfo.addr;
  if (addr === null || (r.signal !== 'SIGSEGV' && r.signal !== 'SIGBUS')) return null;
  const frame = learnerFrame(r.frames, sources) ?? r.frames[0];
  if (addr < NULL_PAGE) {
    return {
      kind: 'null-pointer',
      summary: `NULL pointer: ${where(frame)} used a pointer that is NULL${addr === 0n ? '' : ` (the address ${hex(addr)} is NULL plus ${addr} bytes, e.g. a field of a struct reached through NULL)`}.`,
      evidence: [`The fault address is ${hex(addr)}: nothing is ever mapped below ${hex(NULL_PAGE)}.`],
    };
  }
  const top = r.frames[0];
  const m = mappingAt(r.mappings, addr);
  if (top?.pc && BigInt(top.pc) === addr && !(m && m.perms.includes('x'))) {
    const text = printable(addr);
    return {
      kind: 'bad-jump',
      summary: `The program jumped to ${hex(addr)}, which is not code: a return address or a function pointer was overwritten (a buffer overflow on the stack does this).`,
      evidence: [
        `The instruction pointer and the fault address are both ${hex(addr)}, ${m ? `in memory that is not executable (${m.perms})` : 'which is not mapped at all'}.`,
        ...(text ? [`Its lowest bytes, in memory order, read "${text}": text where an address should be.`] : []),
        'gdb cannot unwind the stack from there, so the backtrace stops.',
      ],
    };
  }
  if (!m) {
    return {
      kind: 'wild-pointer',
      summary: `Wild pointer: ${where(frame)} used the address ${hex(addr)}, which is not mapped in the process (freed, uninitialised or computed wrongly).`,
      evidence: [`No mapping of the process contains ${hex(addr)} (see \`info proc mappings\`).`],
    };
  }
  if (m.perms.startsWith('---')) {
    return {
      kind: 'wild-pointer',
      summary: `Wild pointer: ${where(frame)} used the address ${hex(addr)}, in memory with no access rights at all (a guard page or a reserved area), not its own stack's end.`,
      evidence: [`${hex(addr)} is in a mapping with rights ${m.perms} (${hex(m.start)}-${hex(m.end)}), and this thread's stack is not just above it.`],
    };
  }
  if (m.perms.startsWith('r') && !m.perms.includes('w') && r.siginfo.code === 2 /* SEGV_ACCERR */) {
    return {
      kind: 'read-only-write',
      summary: `Write to read-only memory: ${where(frame)} wrote to ${hex(addr)}${m.file ? ` in ${m.file}` : ''} (a string literal or constant data is read-only).`,
      evidence: [`${hex(addr)} is in a mapping with rights ${m.perms}: no w.`],
    };
  }
  return null;
}

/** Up to 8 printable bytes at the bottom of an address (little-endian: memory order). */
function printable(addr: bigint): string | null {
  let s = '';
  for (let v = addr; v > 0n; v >>= 8n) {
    const c = Number(v & 0xffn);
    if (c < 0x20 || c > 0x7e) break;
    s += String.fromCharCode(c);
  }
  return s.length >= 3 ? s : null;
}

const CHK = /^__(\w+)_chk$/;
/** glibc's messages before it aborts, and what each check found. */
const MALLOC_MESSAGES: [RegExp, string][] = [
  [/double free or corruption[^\n]*/, 'a block was freed twice, or the heap around it was overwritten'],
  [/free\(\): invalid pointer/, 'free() got a pointer that malloc never returned'],
  [/free\(\): double free detected[^\n]*/, 'a block was freed twice'],
  [/(?:malloc|free|realloc|munmap_chunk|malloc_consolidate)\(\)?: [^\n]*/, 'the heap\'s bookkeeping was overwritten (a write past the end of a block, or a use after free)'],
];

function abortCause(r: GdbReport, stderr: string, sources: string[]): Cause | null {
  if (r.signal !== 'SIGABRT') return null;
  const funcs = r.frames.map((f) => f.func);
  const caller = learnerFrame(r.frames, sources);
  const said = (re: RegExp) => re.exec(stderr)?.[0]?.trim();
  const chk = r.frames.find((f) => CHK.test(f.func));
  if (chk || funcs.includes('__chk_fail') || funcs.includes('__fortify_fail')) {
    const fn = chk ? CHK.exec(chk.func)![1]! : null;
    const msg = said(/\*\*\* buffer overflow detected \*\*\*[^\n]*/);
    return {
      kind: 'fortify',
      summary: `A fortify check failed${fn ? ` in ${fn}()` : ''}: ${where(caller)} ${fn ? `asked ${fn}() to write more bytes than the destination holds` : 'overflowed a buffer'}, and the C library stopped the program before the overflow.`,
      evidence: [
        ...(chk ? [`The backtrace goes through ${chk.func}() and __chk_fail(): with -D_FORTIFY_SOURCE and optimisation, gcc replaced ${fn}() by this checked version, which knows the destination's size.`] : ['The backtrace goes through __chk_fail(), the fortify check.']),
        ...(msg ? [`The C library printed: ${msg}`] : []),
      ],
    };
  }
  if (funcs.includes('__stack_chk_fail') || said(/\*\*\* stack smashing detected \*\*\*[^\n]*/)) {
    return {
      kind: 'stack-protector',
      summary: `Stack smashing detected: ${where(caller)} wrote past the end of a local array and overwrote the canary the compiler put after it (-fstack-protector).`,
      evidence: [`${funcs.includes('__stack_chk_fail') ? 'The backtrace goes through __stack_chk_fail().' : ''} ${said(/\*\*\* stack smashing detected \*\*\*[^\n]*/) ? `The C library printed: ${said(/\*\*\* stack smashing detected \*\*\*[^\n]*/)}` : ''}`.trim()],
    };
  }
  const glibcAssert = /^(.*): (.+):(\d+): (.+): Assertion `(.*)' failed\.$/m.exec(stderr);
  const muslAssert = /^Assertion failed: (.*) \((.+): (.+): (\d+)\)$/m.exec(stderr);
  if (glibcAssert || muslAssert || funcs.includes('__assert_fail')) {
    const [cond, file, func, line] = glibcAssert ? [glibcAssert[5], glibcAssert[2], glibcAssert[4], glibcAssert[3]] : muslAssert ? [muslAssert[1], muslAssert[2], muslAssert[3], muslAssert[4]] : [];
    return {
      kind: 'assert',
      summary: cond ? `An assert failed: \`${cond}\` was false in ${func}() at ${file}:${line}.` : `An assert failed ${caller ? `in ${where(caller)}` : ''}.`,
      evidence: [glibcAssert ? `The C library printed: ${glibcAssert[0]}` : muslAssert ? `The C library printed: ${muslAssert[0]}` : 'The backtrace goes through __assert_fail().', 'assert() prints the condition and calls abort(); -DNDEBUG removes the check.'],
    };
  }
  for (const [re, why] of MALLOC_MESSAGES) {
    const msg = said(re);
    if (msg) {
      return {
        kind: 'malloc-check',
        class: 'malloc-behaviour',
        summary: `The heap check of malloc failed ("${msg}"): ${why}.`,
        evidence: [`The C library printed: ${msg}`, `It found this ${caller ? `in a call from ${where(caller)}` : 'while the program ran'}; the mistake happened earlier, where the heap was damaged.`],
      };
    }
  }
  if (caller && funcs.includes('abort') && r.frames.indexOf(caller) === funcs.indexOf('abort') + 1) {
    return { kind: 'abort-call', summary: `The program called abort() itself, at ${where(caller)}.`, evidence: ['The frame above abort() is the program\'s own code.'] };
  }
  return null;
}

function fpeCause(r: GdbReport, sources: string[]): Cause | null {
  if (r.signal !== 'SIGFPE') return null;
  const frame = learnerFrame(r.frames, sources) ?? r.frames[0];
  // FPE_INTDIV (1): x86 raises it for a division by zero and for INT_MIN / -1 alike.
  if (r.siginfo.code === 1) {
    return { kind: 'divide-by-zero', summary: `Integer division error at ${where(frame)}: a division by zero (or INT_MIN / -1, which does not fit).`, evidence: ['The signal\'s code is FPE_INTDIV (1): the CPU refused an integer division.'] };
  }
  return null;
}

/** The cause of a crash, or "unclassified" when the evidence shows none of the known ones. */
export function classify(r: GdbReport, opts: { sources: string[]; stderr: string }): Cause {
  return (
    stackOverflow(r, opts.sources) ??
    muslAllocator(r, opts.sources) ??
    freeaddrinfoNull(r, opts.sources) ??
    unboundSymbol(r) ??
    badAccess(r, opts.sources) ??
    abortCause(r, opts.stderr, opts.sources) ??
    fpeCause(r, opts.sources) ?? {
      kind: 'unclassified',
      summary: 'Cause not classified: the backtrace below shows where it happened.',
      evidence: r.siginfo.addr !== null && (r.signal === 'SIGSEGV' || r.signal === 'SIGBUS') ? [`The fault address is ${hex(r.siginfo.addr)}.`] : [],
    }
  );
}
