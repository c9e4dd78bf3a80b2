/**
 * glibc symbols that musl does not have, curated, each with its source.
 *
 * "musl lacks it" was checked against the dynamic exports of musl 1.2.5's
 * libc.so (`nm -D --defined-only`, the lab's musl image; the engine test
 * re-checks it) unless an entry says otherwise. "gcompat provides it" comes
 * from gcompat's own sources (Adélie's libgcompat/*.c, which Alpine packages;
 * a newer release may add more); where those do not settle it the answer is
 * "unknown", not a guess. Symbols musl's loader maps itself (the LFS64 names such as
 * fopen64/stat64, musl 1.2.4+ ldso/dynlink.c get_lfs64) are not listed.
 */
export type GcompatSupport = 'yes' | 'no' | 'partial' | 'unknown';

export interface MissingEntry {
  /** Stable id, for tests and JSON. */
  id: string;
  /** How the entry is shown: a name or a family such as "__*_chk". */
  label: string;
  /** Exact names the entry covers. */
  names?: readonly string[];
  /** A family of names; `except` are members musl does have. */
  pattern?: RegExp;
  except?: readonly string[];
  /** What it is, for a learner. */
  what: string;
  /** gcompat's support for the family (or for names not in gcompatNames). */
  gcompat: GcompatSupport;
  /** Names gcompat is known to define, when it covers only part of a family. */
  gcompatNames?: readonly string[];
  /** Anything the verdict alone would hide. */
  note?: string;
  source: string;
}

const MUSL_EXPORTS = 'musl 1.2.5 libc.so exports (nm -D, lab musl image)';

/** Fortify functions gcompat defines (libgcompat/stdio.c, string.c, unistd.c, socket.c, stdlib.c, wchar.c, syslog.c, setjmp.c, gnulib.c). */
const GCOMPAT_CHK = [
  '__asprintf_chk', '__fgets_chk', '__fgets_unlocked_chk', '__fprintf_chk', '__fread_chk', '__printf_chk', '__snprintf_chk',
  '__sprintf_chk', '__vasprintf_chk', '__vfprintf_chk', '__vprintf_chk', '__vsnprintf_chk', '__vsprintf_chk',
  '__memcpy_chk', '__memmove_chk', '__mempcpy_chk', '__memset_chk', '__stpcpy_chk', '__stpncpy_chk', '__strcat_chk',
  '__strcpy_chk', '__strncat_chk', '__strncpy_chk', '__confstr_chk', '__getcwd_chk', '__getgroups_chk', '__gethostname_chk',
  '__getlogin_r_chk', '__pread_chk', '__pread64_chk', '__read_chk', '__readlink_chk', '__ttyname_r_chk', '__recv_chk',
  '__recvfrom_chk', '__poll_chk', '__realpath_chk', '__swprintf_chk', '__vswprintf_chk', '__syslog_chk', '__vsyslog_chk',
  '__longjmp_chk', '__fdelt_chk',
] as const;

export const MUSL_MISSING: readonly MissingEntry[] = [
  {
    id: 'fortify',
    label: '__*_chk',
    pattern: /^__\w+_chk$/,
    except: ['__stack_chk_fail', '__stack_chk_guard'], // -fstack-protector: musl has these
    what: 'checked variants from -D_FORTIFY_SOURCE, which Debian and Ubuntu packages are built with (printf of a format becomes __printf_chk)',
    gcompat: 'unknown',
    gcompatNames: GCOMPAT_CHK,
    source: `${MUSL_EXPORTS}; gcompat libgcompat/stdio.c, string.c, unistd.c, socket.c`,
  },
  {
    id: 'fortify-open',
    label: '__open_2, __openat_2',
    names: ['__open_2', '__open64_2', '__openat_2', '__openat64_2'],
    what: 'fortified open()/openat() with O_CREAT (-D_FORTIFY_SOURCE)',
    gcompat: 'unknown',
    source: `${MUSL_EXPORTS}; not in gcompat's sources as read`,
  },
  {
    id: 'chk-fail',
    label: '__chk_fail',
    names: ['__chk_fail'],
    what: 'the fortify failure handler',
    gcompat: 'yes',
    source: `${MUSL_EXPORTS}; gcompat libgcompat/misc.c`,
  },
  {
    id: 'backtrace',
    label: 'backtrace*',
    names: ['backtrace', 'backtrace_symbols', 'backtrace_symbols_fd'],
    what: 'stack traces from <execinfo.h>, a glibc extension',
    gcompat: 'yes',
    note: 'gcompat walks at most 10 frames and prints symbol names only',
    source: `${MUSL_EXPORTS}; gcompat libgcompat/execinfo.c`,
  },
  {
    id: 'error',
    label: 'error',
    names: ['error'],
    what: 'GNU error() from <error.h>',
    gcompat: 'yes',
    note: "gcompat's error() as read does not exit(status): a program relying on it to stop keeps running",
    source: `${MUSL_EXPORTS}; gcompat libgcompat/error.c`,
  },
  {
    id: 'error-at-line',
    label: 'error_at_line',
    names: ['error_at_line', 'error_message_count', 'error_one_per_line', 'error_print_progname'],
    what: 'GNU error_at_line() and its variables from <error.h>',
    gcompat: 'unknown',
    source: `${MUSL_EXPORTS}; not in gcompat libgcompat/error.c as read`,
  },
  {
    id: 'obstack',
    label: 'obstack_*',
    pattern: /^_?obstack_/,
    what: 'GNU obstacks from <obstack.h>',
    gcompat: 'no',
    source: `${MUSL_EXPORTS}; gcompat has no obstack module`,
  },
  {
    id: 'fts',
    label: 'fts_*',
    pattern: /^fts(64)?_(open|read|children|set|close)$/,
    what: 'file tree walk from <fts.h> (Alpine: the separate musl-fts library)',
    gcompat: 'no',
    note: "upstream musl and Alpine's musl have no fts_* (Debian's patched musl package adds it)",
    source: 'musl source tree (no fts); gcompat has no fts module',
  },
  {
    id: 'argp',
    label: 'argp_*',
    pattern: /^_?argp_/,
    what: 'GNU argument parser from <argp.h> (Alpine: argp-standalone)',
    gcompat: 'no',
    source: `${MUSL_EXPORTS}; gcompat has no argp module`,
  },
  {
    id: 'mallinfo',
    label: 'mallinfo',
    names: ['mallinfo'],
    what: 'ptmalloc statistics',
    gcompat: 'yes',
    note: 'gcompat returns all zeros',
    source: `${MUSL_EXPORTS}; gcompat libgcompat/malloc.c`,
  },
  {
    id: 'malloc-extras',
    label: 'mallinfo2, mallopt, malloc_stats, malloc_info',
    names: ['mallinfo2', 'mallopt', 'malloc_stats', 'malloc_info'],
    what: 'ptmalloc tuning and statistics',
    gcompat: 'unknown',
    source: `${MUSL_EXPORTS}; not in gcompat libgcompat/malloc.c as read`,
  },
  {
    id: 'malloc-stubs',
    label: 'malloc_trim, mtrace, __libc_malloc...',
    names: ['malloc_trim', 'mtrace', 'muntrace', '__libc_malloc', '__libc_calloc', '__libc_realloc', '__libc_free', '__libc_memalign', '__sbrk'],
    what: 'glibc malloc internals and debugging hooks',
    gcompat: 'yes',
    note: 'gcompat forwards to musl malloc or does nothing',
    source: `${MUSL_EXPORTS}; gcompat libgcompat/malloc.c`,
  },
  {
    id: 'libc-version',
    label: 'gnu_get_libc_version',
    names: ['gnu_get_libc_version', 'gnu_get_libc_release'],
    what: 'the running glibc version, from <gnu/libc-version.h>',
    gcompat: 'yes',
    note: 'gcompat answers "2.8" unless GLIBC_FAKE_VERSION is set',
    source: `${MUSL_EXPORTS}; gcompat libgcompat/version.c`,
  },
  {
    id: 'ucontext',
    label: 'getcontext, makecontext, swapcontext',
    names: ['getcontext', 'setcontext', 'makecontext', 'swapcontext'],
    what: 'user contexts from <ucontext.h> (coroutines)',
    gcompat: 'partial',
    note: 'gcompat has only a getcontext() that fails with ENOSYS, unless built with libucontext',
    source: `${MUSL_EXPORTS}; gcompat libgcompat/ucontext.c`,
  },
  {
    id: 'register-atfork',
    label: '__register_atfork',
    names: ['__register_atfork'],
    what: 'what glibc programs calling pthread_atfork() import',
    gcompat: 'yes',
    source: `${MUSL_EXPORTS}; gcompat libgcompat/pthread.c`,
  },
  {
    id: 'cxa-thread-atexit',
    label: '__cxa_thread_atexit_impl',
    names: ['__cxa_thread_atexit_impl'],
    what: 'C++ thread_local destructors (from a glibc-built libstdc++)',
    gcompat: 'yes',
    source: `${MUSL_EXPORTS}; gcompat libgcompat/cxx_thread.c`,
  },
  {
    id: 'single-threaded',
    label: '__libc_single_threaded',
    names: ['__libc_single_threaded'],
    what: 'glibc 2.32 variable used by C++ runtimes',
    gcompat: 'unknown',
    source: MUSL_EXPORTS,
  },
  {
    id: 'isoc23',
    label: '__isoc23_*',
    pattern: /^__isoc23_/,
    what: 'glibc 2.38+ strtol/scanf under C23 or _GNU_SOURCE (g++)',
    gcompat: 'unknown',
    source: MUSL_EXPORTS,
  },
  {
    id: 'fcntl64',
    label: 'fcntl64',
    names: ['fcntl64'],
    what: 'glibc 2.28 fcntl for -D_FILE_OFFSET_BITS=64 builds (not in musl\'s LFS64 loader list)',
    gcompat: 'unknown',
    source: `${MUSL_EXPORTS}; musl ldso/dynlink.c lfs64_list has no fcntl`,
  },
  {
    id: 'glibc-2.3x',
    label: 'newer glibc calls',
    names: [      'arc4random', 'arc4random_buf', 'arc4random_uniform', 'closefrom', 'close_range', 'pidfd_open', 'pidfd_send_signal', 'pidfd_getfd',
      'strerrorname_np', 'strerrordesc_np', 'sigabbrev_np', 'sigdescr_np', 'pthread_cond_clockwait', 'pthread_mutex_clocklock',
      'pthread_rwlock_clockrdlock', 'pthread_rwlock_clockwrlock', 'sem_clockwait', 'epoll_pwait2', 'pthread_attr_setaffinity_np', 'pthread_yield',
      'dladdr1', '__libc_stack_end'],
    what: 'glibc functions musl does not provide (several from glibc 2.30-2.36)',
    gcompat: 'unknown',
    source: MUSL_EXPORTS,
  },
  {
    id: 'printf-hooks',
    label: 'register_printf_*',
    names: ['parse_printf_format'],
    pattern: /^register_printf_/,
    what: 'custom printf conversions from <printf.h>',
    gcompat: 'unknown',
    source: MUSL_EXPORTS,
  },
  {
    id: 'dl-extras',
    label: 'dlmopen, dlvsym',
    names: ['dlmopen', 'dlvsym'],
    what: 'link-map namespaces and versioned symbol lookup',
    gcompat: 'yes',
    note: 'gcompat ignores the namespace and the version (plain dlopen/dlsym)',
    source: `${MUSL_EXPORTS}; gcompat libgcompat/dlfcn.c`,
  },
  {
    id: 'resolver-internals',
    label: 'res_ninit, __res_*',
    names: ['res_ninit', 'res_nclose', '__res_ninit', '__res_nclose', '__res_search'],
    what: 'thread-safe resolver state (libresolv)',
    gcompat: 'yes',
    source: `${MUSL_EXPORTS}; gcompat libgcompat/resolv.c`,
  },
  {
    id: 'resolver-old',
    label: '__res_init, __res_query, __dn_expand',
    names: ['__res_init', '__res_query', '__res_nquery', '__dn_expand', '__dn_comp', '__res_mkquery', 'res_nquery', 'res_nsearch', 'res_nmkquery', '_res'],
    what: 'libresolv internals older glibc programs import',
    gcompat: 'unknown',
    source: MUSL_EXPORTS,
  },
  {
    id: 'nss-reentrant',
    label: 'getpwent_r, getgrent_r',
    names: ['getpwent_r', 'fgetpwent_r', 'getgrent_r', 'fgetgrent_r', 'getutent_r'],
    what: 're-entrant user/group database walks',
    gcompat: 'yes',
    source: `${MUSL_EXPORTS}; gcompat libgcompat/pwd.c, grp.c, utmp.c`,
  },
  {
    id: 'string-internals',
    label: 'rawmemchr, __strdup, strtoll_l...',
    names: [      'rawmemchr', '__rawmemchr', 'memfrob', 'strfry', '__strdup', '__strndup', '__strtok_r', '__mempcpy', '__strsep_g', '__strcspn_c2',
      '__secure_getenv', 'strtoll_l', 'strtoull_l', 'strtoq', 'strtouq', '__strtod_internal', '__strtof_internal', '__strtold_internal',
      '__sysconf', '__getpagesize', '__getpgid', 'group_member', 'gnu_dev_major', 'gnu_dev_minor', 'gnu_dev_makedev', '__xpg_sigpause',
      '__cmsg_nxthdr', '_IO_feof', '_IO_puts', 'tmpnam_r'],
    what: 'GNU extensions and internal aliases older or GNU-specific code imports',
    gcompat: 'yes',
    source: `${MUSL_EXPORTS}; gcompat libgcompat/string.c, stdlib.c, stdio.c, unistd.c, misc.c, signal.c, socket.c`,
  },
  {
    id: 'math-finite',
    label: '__*_finite',
    pattern: /^__\w+_finite[fl]?$/,
    what: '-ffast-math entry points of glibc < 2.31',
    gcompat: 'yes',
    note: 'gcompat: "most __*_finite functions"',
    source: 'musl math has no _finite entry points; gcompat CHANGELOG 0.3.0 (libgcompat/math.c)',
  },
];

export interface MissingHit {
  symbol: string;
  entry: MissingEntry;
  gcompat: GcompatSupport;
}

// Exact names resolve through one map; only the few families need a regex.
const BY_NAME = new Map<string, MissingEntry>();
for (const e of MUSL_MISSING) for (const n of e.names ?? []) if (!BY_NAME.has(n)) BY_NAME.set(n, e);
const FAMILIES = MUSL_MISSING.filter((e) => e.pattern);
const ANY_FAMILY = new RegExp(FAMILIES.map((e) => `(?:${e.pattern!.source})`).join('|'));
const GCOMPAT_NAMES = new Map(MUSL_MISSING.map((e) => [e, new Set(e.gcompatNames ?? [])]));

/** The table entry a symbol falls under, with gcompat's support for that exact name. */
export function lookupMissing(symbol: string): MissingHit | null {
  const entry = BY_NAME.get(symbol) ?? (ANY_FAMILY.test(symbol) ? FAMILIES.find((e) => matches(e, symbol)) : undefined);
  if (!entry) return null;
  return { symbol, entry, gcompat: GCOMPAT_NAMES.get(entry)!.has(symbol) ? 'yes' : entry.gcompat };
}

export function matches(entry: MissingEntry, symbol: string): boolean {
  if (entry.names?.includes(symbol)) return true;
  return !!entry.pattern?.test(symbol) && !entry.except?.includes(symbol);
}
