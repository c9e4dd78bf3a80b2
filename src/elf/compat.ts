/**
 * Will this ELF file run on musl? A pure function of the parsed file: which
 * libc it was built for, what musl's loader answers itself, which imports
 * musl lacks, which behaviours change, and a verdict with its fixes.
 * Facts come from the musl and glibc sources, the standards and runs in the
 * lab's environments; each rule names its primary source.
 */
import type { ElfFile, ImportedSymbol } from './reader.js';
import { type GcompatSupport, lookupMissing } from './musl-missing.js';

export type Libc = 'glibc' | 'musl' | 'other' | 'unknown';
export type Verdict = 'runs' | 'runs-with-gcompat' | 'needs-rebuild' | 'unsupported';
/** What starting (or loading) the file does in one setting. */
export type Outcome = 'runs' | 'interpreter-missing' | 'library-missing' | 'symbol-missing' | 'unsupported';
/** musl as is (Alpine), musl with Alpine's gcompat, musl with a libc6-compat-style loader symlink only. */
export type Target = 'musl' | 'gcompat' | 'shim';
export const TARGETS: readonly Target[] = ['musl', 'gcompat', 'shim'];

export type Kind = 'executable' | 'pie-executable' | 'static-executable' | 'static-pie' | 'shared-library' | 'object' | 'core' | 'unknown';

export interface Prediction {
  outcome: Outcome;
  /** False when it hangs on something the tables cannot settle (gcompat "unknown"). */
  certain: boolean;
  detail: string;
  /** Symbols or libraries that stop it (for symbol-missing and library-missing). */
  symbols: string[];
  libraries: string[];
  /** Libraries the prediction takes as installed (DT_NEEDED that musl does not answer). */
  assumes: string[];
}

export type Provider = 'musl' | 'gcompat-loader' | 'glibc-only' | 'install';

export interface NeededLib {
  name: string;
  provider: Provider;
  note: string;
}

export interface GlibcRequirement {
  /** "GLIBC_2.34" */
  highest: string | null;
  /** "2.34": the oldest glibc release that can run it. */
  release: string | null;
  /** Imports glibc-internal GLIBC_PRIVATE symbols: tied to one glibc build. */
  private: boolean;
  versions: string[];
}

export interface MissingImport {
  symbol: string;
  version: string | null;
  /** A weak import that is missing resolves to NULL instead of stopping the program. */
  weak: boolean;
  id: string;
  label: string;
  what: string;
  gcompat: GcompatSupport;
  note?: string;
  source: string;
}

export interface Behaviour {
  id: string;
  /** The root cause in the catalogue (causes/<id>.yaml) this behaviour is, when it is one. */
  class?: string;
  title: string;
  detail: string;
  symbols: string[];
  source: string;
}

export interface Threads {
  /** The thread-creating imports found (pthread_create, thrd_create, std::thread, libgomp). */
  via: string[];
  setsStackSize: boolean;
  /** PT_GNU_STACK p_memsz, the `-z stack-size` value (0: not set). */
  gnuStackSize: number;
  raisesMuslDefault: boolean;
  /** The default thread stack this binary gets on musl, in bytes. */
  muslDefault: number;
}

export type FixId = 'gcompat' | 'rebuild-musl' | 'static' | 'stack-size' | 'install-libs' | 'musl-loader';

export interface Fix {
  id: FixId;
  text: string;
  command?: string;
}

/** A root cause of the catalogue (causes/<id>.yaml) the file shows, and what in the file shows it. */
export interface CompatCause {
  class: string;
  evidence: string;
}

export interface Compat {
  arch: string;
  supported: boolean;
  kind: Kind;
  linkage: 'static' | 'dynamic';
  interpreter: { path: string; libc: Libc; standard: boolean } | null;
  builtFor: Libc;
  builtForReason: string;
  needed: NeededLib[];
  glibc: GlibcRequirement;
  missing: MissingImport[];
  behaviours: Behaviour[];
  threads: Threads | null;
  predictions: Record<Target, Prediction>;
  verdict: Verdict;
  certain: boolean;
  reasons: string[];
  fixes: Fix[];
  /** The catalogue's ids for what the checker found (the same ids compare and port use). */
  causes: CompatCause[];
}

/** musl's default thread stack and the cap on what PT_GNU_STACK may raise it to (musl src/internal/pthread_impl.h, ldso/dynlink.c). */
export const MUSL_DEFAULT_STACK = 131072;
export const MUSL_STACK_MAX = 8 * 1024 * 1024;

const GLIBC_LOADERS: Record<string, string> = { x86_64: '/lib64/ld-linux-x86-64.so.2', aarch64: '/lib/ld-linux-aarch64.so.1' };
const MUSL_LOADERS: Record<string, string> = { x86_64: '/lib/ld-musl-x86_64.so.1', aarch64: '/lib/ld-musl-aarch64.so.1' };

export function muslLoader(arch: string): string {
  return MUSL_LOADERS[arch] ?? `/lib/ld-musl-${arch}.so.1`;
}

/** Which libc an interpreter path belongs to. */
export function interpreterLibc(path: string): Libc {
  const base = path.slice(path.lastIndexOf('/') + 1);
  if (/^ld-musl-[\w-]+\.so\.1$/.test(base)) return 'musl';
  if (/^ld-linux(-[\w-]+)?\.so\.\d+$/.test(base) || /^ld64\.so\.[12]$/.test(base)) return 'glibc';
  return 'other';
}

// musl ldso/dynlink.c load_library: `reserved[] = "c.pthread.rt.m.dl.util.xnet."` - any
// DT_NEEDED "lib" + one of these + "." is answered by the loader itself, never opened.
// (Often listed as five; musl also answers libutil and libxnet.)
const MUSL_RESERVED = /^lib(c|pthread|rt|m|dl|util|xnet)\./;
const GLIBC_ONLY_LIBS = /^(libresolv\.so\.2|libanl\.so\.1|libnsl\.so\.\d|libcrypt\.so\.1|libmvec\.so\.1|libBrokenLocale\.so\.1|libc_malloc_debug\.so\.0|libnss_\w+\.so\.2|libthread_db\.so\.1)$/;
const ALPINE_PACKAGES: Record<string, string> = { 'libstdc++.so.6': 'libstdc++', 'libgcc_s.so.1': 'libgcc', 'libz.so.1': 'zlib' };

export function classifyNeeded(name: string): NeededLib {
  if (MUSL_RESERVED.test(name)) return { name, provider: 'musl', note: "answered by musl's loader itself" };
  if (/^ld-linux(-[\w-]+)?\.so\.\d+$/.test(name)) return { name, provider: 'gcompat-loader', note: "glibc's loader as a library: gcompat handles it, musl alone does not" };
  if (GLIBC_ONLY_LIBS.test(name)) return { name, provider: 'glibc-only', note: "part of glibc; musl's loader does not answer this name" };
  const pkg = ALPINE_PACKAGES[name];
  return { name, provider: 'install', note: pkg ? `install it (Alpine: apk add ${pkg})` : 'must be installed' };
}

/** The highest GLIBC_x.y version needed, and the glibc release that is. */
export function glibcRequirement(elf: ElfFile): GlibcRequirement {
  const versions = [...new Set(elf.versionNeeds.flatMap((n) => n.versions).filter((v) => v.startsWith('GLIBC_')))].sort(compareGlibcVersions);
  let best: number[] | null = null;
  let highest: string | null = null;
  for (const v of versions) {
    // GLIBC_ABI_DT_RELR marks DT_RELR relocations, which need glibc 2.36.
    const nums = v === 'GLIBC_ABI_DT_RELR' ? [2, 36] : parseGlibc(v);
    if (nums && (!best || compareNums(nums, best) > 0)) {
      best = nums;
      highest = v;
    }
  }
  return { highest, release: best ? best.join('.') : null, private: versions.includes('GLIBC_PRIVATE'), versions };
}

const parsedVersions = new Map<string, number[] | null>();
function parseGlibc(v: string): number[] | null {
  let r = parsedVersions.get(v);
  if (r === undefined) {
    const m = /^GLIBC_(\d+(?:\.\d+){1,2})$/.exec(v);
    r = m ? m[1]!.split('.').map(Number) : null;
    if (parsedVersions.size < 4096) parsedVersions.set(v, r);
  }
  return r;
}

function compareNums(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d) return d;
  }
  return 0;
}

function compareGlibcVersions(a: string, b: string): number {
  const pa = parseGlibc(a);
  const pb = parseGlibc(b);
  if (pa && pb) return compareNums(pa, pb);
  if (pa) return -1;
  if (pb) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function kindOf(elf: ElfFile): Kind {
  if (elf.type === 'relocatable') return 'object';
  if (elf.type === 'core') return 'core';
  if (elf.type === 'executable') return elf.interpreter ? 'executable' : 'static-executable';
  if (elf.type === 'shared') {
    if (elf.interpreter) return 'pie-executable';
    return elf.pie ? 'static-pie' : 'shared-library';
  }
  return 'unknown';
}

/** Imports that come from glibc: versioned GLIBC_*, or everything when the file carries no versions at all. */
function glibcImports(elf: ElfFile): ImportedSymbol[] {
  const versioned = elf.imports.some((i) => i.version !== null);
  return elf.imports.filter((i) => (versioned ? i.version?.startsWith('GLIBC_') : true));
}

interface BehaviourRule {
  id: string;
  class?: string;
  title: string;
  symbols: readonly string[];
  detail: string;
  source: string;
}

/** Calls whose results differ on musl (each was run on both; the lessons show them). */
export const BEHAVIOUR_RULES: readonly BehaviourRule[] = [
  {
    id: 'locale',
    class: 'locale',
    title: 'locale-sensitive calls',
    symbols: ['strcoll', 'strxfrm', 'strcoll_l', 'strxfrm_l', 'wcscoll', 'wcsxfrm', 'nl_langinfo', 'nl_langinfo_l', 'localeconv', 'setlocale', 'newlocale', 'strfmon'],
    detail:
      'musl collates in byte order (strcoll is strcmp, so "Banana" < "apple"), localeconv() is always POSIX (no thousands separator), setlocale() accepts any name, and dates stay English without musl-locales',
    source: 'musl src/locale/strcoll.c, localeconv.c, locale_map.c; POSIX setlocale()',
  },
  {
    id: 'resolver',
    class: 'dns-resolver-behaviour',
    title: 'name resolution',
    symbols: [
      'getaddrinfo', 'getnameinfo', 'gethostbyname', 'gethostbyname_r', 'gethostbyname2', 'gethostbyname2_r', 'gethostbyaddr', 'gethostbyaddr_r',
      'res_init', 'res_query', 'res_search', 'res_send', 'res_mkquery', 'res_ninit', 'res_nquery', 'res_nsearch', '__res_init', '__res_query', '__res_search',
    ],
    detail:
      'musl reads /etc/hosts, then asks every nameserver at once and takes the first answer; no nsswitch.conf or NSS, no gai.conf; resolv.conf rotate, single-request, use-vc and edns0 are ignored; TCP for truncated answers only since musl 1.2.4',
    source: 'musl src/network/lookup_name.c, res_msend.c, resolvconf.c; glibc resolv/res_send.c; resolv.conf(5)',
  },
  {
    id: 'users',
    title: 'user and group lookups',
    symbols: ['getpwnam', 'getpwuid', 'getpwnam_r', 'getpwuid_r', 'getpwent', 'getgrnam', 'getgrgid', 'getgrnam_r', 'getgrgid_r', 'getgrent', 'getgrouplist', 'initgroups', 'getspnam'],
    detail: 'musl has no NSS modules: users and groups come from /etc/passwd and /etc/group (or an nscd daemon), never from LDAP or sssd through nsswitch.conf',
    source: 'musl src/passwd/getpw_r.c, getpw_a.c, nscd_query.c; nsswitch.conf(5)',
  },
  {
    id: 'dlclose',
    title: 'dlclose',
    symbols: ['dlclose'],
    detail: 'dlclose is a no-op on musl: the library stays loaded, its destructors run only at exit, and its static state survives a dlclose/dlopen cycle',
    source: 'musl src/ldso/dlclose.c (returns without unloading); POSIX dlclose()',
  },
  {
    id: 'getopt',
    class: 'getopt-order',
    title: 'getopt',
    symbols: ['getopt'],
    detail: 'musl getopt stops at the first non-option (POSIX): `prog file -v` never sees -v; glibc permutes (unless POSIXLY_CORRECT is set). getopt_long permutes on both, and musl ignores POSIXLY_CORRECT',
    source: 'musl src/misc/getopt.c, getopt_long.c; glibc posix/getopt.c (permute unless POSIXLY_CORRECT); POSIX getopt()',
  },
  {
    id: 'iconv',
    title: 'iconv',
    symbols: ['iconv', 'iconv_open'],
    detail: 'for a character the target cannot hold, musl iconv writes * (the implementation-defined conversion POSIX asks for) where glibc fails with EILSEQ; musl iconv_open rejects //TRANSLIT and //IGNORE',
    source: 'musl src/locale/iconv.c; POSIX iconv() (implementation-defined conversion); POSIX.1-2024 iconv_open() (//TRANSLIT, //IGNORE)',
  },
  {
    id: 'qsort',
    title: 'qsort',
    symbols: ['qsort', 'qsort_r'],
    detail: "musl's qsort (smoothsort) reorders equal keys; glibc's is stable in practice",
    source: 'musl src/stdlib/qsort.c (smoothsort); glibc stdlib/qsort.c; POSIX qsort() (order of equal elements unspecified)',
  },
  {
    id: 'strerror',
    title: 'error messages',
    symbols: ['strerror', 'strerror_r', '__xpg_strerror_r', 'strerror_l', 'perror'],
    detail: 'message texts differ: strerror(0) is "No error information" on musl, "Success" on glibc; unknown numbers too',
    source: 'musl src/errno/__strerror.h; glibc string/_strerror.c',
  },
  {
    id: 'basename',
    class: 'basename',
    title: 'basename',
    symbols: ['basename'],
    detail: 'this is GNU basename (glibc with _GNU_SOURCE); on musl it becomes the POSIX one: basename("/usr/lib/") gives "lib" instead of ""',
    source: 'musl include/libgen.h, src/misc/basename.c; glibc string/basename.c; POSIX basename()',
  },
];

const THREAD_STARTERS = ['pthread_create', 'thrd_create'];
const STACK_SETTERS = ['pthread_attr_setstacksize', 'pthread_attr_setstack', 'pthread_setattr_default_np'];

function threadsOf(elf: ElfFile): Threads | null {
  const via: string[] = [];
  let cxx = false;
  let setsStackSize = false;
  for (const { name } of elf.imports) {
    if (THREAD_STARTERS.includes(name) && !via.includes(name)) via.push(name);
    else if (STACK_SETTERS.includes(name)) setsStackSize = true;
    else if (name.startsWith('_ZNSt6thread')) cxx = true;
  }
  via.sort((a, b) => THREAD_STARTERS.indexOf(a) - THREAD_STARTERS.indexOf(b));
  if (cxx) via.push('std::thread');
  if (elf.needed.includes('libgomp.so.1')) via.push('OpenMP (libgomp)');
  if (!via.length) return null;
  const gnuStackSize = elf.gnuStack?.size ?? 0;
  const raises = gnuStackSize > MUSL_DEFAULT_STACK;
  return {
    via,
    setsStackSize,
    gnuStackSize,
    raisesMuslDefault: raises,
    muslDefault: raises ? Math.min(gnuStackSize, MUSL_STACK_MAX) : MUSL_DEFAULT_STACK,
  };
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024 && n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MiB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KiB`;
  return `${n} bytes`;
}

function threadBehaviour(t: Threads): Behaviour {
  const stack = t.raisesMuslDefault
    ? `its PT_GNU_STACK size (${formatBytes(t.gnuStackSize)}, from -z stack-size) raises musl's default to ${formatBytes(t.muslDefault)}`
    : `musl gives them ${formatBytes(MUSL_DEFAULT_STACK)}` + (t.gnuStackSize ? ` (its PT_GNU_STACK size ${formatBytes(t.gnuStackSize)} is too small to raise that)` : ' (PT_GNU_STACK sets no size)');
  const explicit = t.setsStackSize ? 'it sets a stack size on some threads; the others' : 'it never sets a thread stack size, so its threads';
  return {
    id: 'thread-stack',
    class: 'thread-stack',
    title: 'thread stacks',
    detail: `${explicit} get the default: ${stack}; glibc uses ulimit -s, usually 8 MiB. Deep recursion or big local arrays in a thread can crash or silently corrupt memory`,
    symbols: t.via,
    source: 'musl src/internal/pthread_impl.h (DEFAULT_STACK_SIZE), src/thread/pthread_create.c, ldso/dynlink.c (PT_GNU_STACK); glibc nptl/nptl-stack.c',
  };
}

const unsupported = (why: string): Record<Target, Prediction> => {
  const p: Prediction = { outcome: 'unsupported', certain: true, detail: why, symbols: [], libraries: [], assumes: [] };
  return { musl: p, gcompat: p, shim: p };
};

/** Everything the checker says about one parsed file. Pure: no I/O. */
export function analyse(elf: ElfFile): Compat {
  const arch = elf.machineName;
  const kind = kindOf(elf);
  const interpreter = elf.interpreter ? { path: elf.interpreter, libc: interpreterLibc(elf.interpreter), standard: false } : null;
  if (interpreter) {
    interpreter.standard = interpreter.libc === 'glibc' ? GLIBC_LOADERS[arch] === interpreter.path : interpreter.libc === 'musl' ? muslLoader(arch) === interpreter.path : false;
  }
  const linkage: Compat['linkage'] = !interpreter && elf.needed.length === 0 && kind !== 'shared-library' ? 'static' : 'dynamic';
  const glibc = glibcRequirement(elf);
  const needed = elf.needed.map(classifyNeeded);
  const [builtFor, builtForReason] = whoBuiltIt(elf, interpreter?.libc ?? null, glibc);
  const base = { arch, kind, linkage, interpreter, builtFor, builtForReason, needed, glibc, missing: [] as MissingImport[], behaviours: [] as Behaviour[], threads: null as Threads | null };

  const refusal = unsupportedReason(elf, kind);
  if (refusal) {
    return { ...base, supported: false, predictions: unsupported(refusal), verdict: 'unsupported', certain: true, reasons: [refusal], fixes: [], causes: [] };
  }

  const threads = linkage === 'dynamic' ? threadsOf(elf) : null;
  const missing: MissingImport[] = [];
  const fromGlibc = builtFor === 'glibc' && linkage === 'dynamic' ? glibcImports(elf) : [];
  for (const imp of fromGlibc) {
    const hit = lookupMissing(imp.name);
    if (!hit) continue;
    const e = hit.entry;
    missing.push({ symbol: imp.name, version: imp.version, weak: imp.weak, id: e.id, label: e.label, what: e.what, gcompat: hit.gcompat, note: e.note, source: e.source });
  }
  const behaviours: Behaviour[] = [];
  if (fromGlibc.length) {
    const names = new Set(fromGlibc.map((i) => i.name));
    if (threads) behaviours.push(threadBehaviour(threads));
    for (const r of BEHAVIOUR_RULES) {
      const hits = r.symbols.filter((s) => names.has(s));
      if (hits.length) behaviours.push({ id: r.id, ...(r.class ? { class: r.class } : {}), title: r.title, detail: r.detail, symbols: hits, source: r.source });
    }
  }

  const predictions = predict(elf, kind, linkage, interpreter, needed, missing);
  const { verdict, certain, reasons } = judge(kind, linkage, builtFor, interpreter, needed, missing, predictions, elf);
  const fixes = fixesFor(verdict, builtFor, linkage, needed, threads, arch, interpreter && predictions.shim.outcome === 'runs');
  const causes = causesOf(linkage, interpreter, missing, behaviours, fromGlibc);
  return { ...base, supported: true, missing, behaviours, threads, predictions, verdict, certain, reasons, fixes, causes };
}

/**
 * The catalogue's ids for what was found: glibc's loader as interpreter
 * (missing-loader), glibc-only imports (glibc-only-symbol; fcntl64 is lfs64),
 * GNU strerror_r (strerror-r), and the behaviours that are root causes.
 */
function causesOf(linkage: Compat['linkage'], interpreter: Compat['interpreter'], missing: MissingImport[], behaviours: Behaviour[], fromGlibc: ImportedSymbol[]): CompatCause[] {
  const out: CompatCause[] = [];
  if (linkage === 'dynamic' && interpreter?.libc === 'glibc') out.push({ class: 'missing-loader', evidence: `its interpreter is ${interpreter.path}, glibc's loader, which a musl system does not have` });
  const hard = missing.filter((m) => !m.weak);
  const lfs = hard.filter((m) => m.id === 'fcntl64');
  const only = hard.filter((m) => m.id !== 'fcntl64');
  if (only.length) out.push({ class: 'glibc-only-symbol', evidence: `it imports ${list(only.map((m) => `${m.symbol}${m.version ? `@${m.version}` : ''}`), 6)}, which musl does not have` });
  if (lfs.length) out.push({ class: 'lfs64', evidence: `it imports ${list(lfs.map((m) => m.symbol))}, a *64 name musl's loader does not map` });
  // glibc's GNU strerror_r is "strerror_r"; its POSIX one is "__xpg_strerror_r"
  if (fromGlibc.some((i) => i.name === 'strerror_r')) out.push({ class: 'strerror-r', evidence: "it calls GNU strerror_r (returns char *); musl's strerror_r returns int" });
  for (const b of behaviours) if (b.class) out.push({ class: b.class, evidence: `it calls ${list(b.symbols, 4)}` });
  return out;
}

function whoBuiltIt(elf: ElfFile, interpLibc: Libc | null, glibc: GlibcRequirement): [Libc, string] {
  if (interpLibc === 'glibc' || interpLibc === 'musl') return [interpLibc, `its interpreter is ${interpLibc}'s loader`];
  if (interpLibc === 'other') return ['other', `its interpreter ${elf.interpreter} is neither glibc's nor musl's`];
  if (glibc.versions.length) return ['glibc', 'it asks for GLIBC_* symbol versions'];
  if (elf.needed.some((n) => /^libc\.musl-[\w-]+\.so\.1$/.test(n))) return ['musl', "it needs musl's libc (libc.musl-*.so.1)"];
  if (elf.needed.includes('libc.so.6')) return ['glibc', 'it needs libc.so.6 (glibc\'s soname)'];
  if (!elf.interpreter && elf.needed.length === 0 && elf.abiTag) return ['glibc', "it carries the GNU ABI note glibc's crt1.o adds (a hint, not proof)"];
  return ['unknown', 'nothing in the file names its libc'];
}

function unsupportedReason(elf: ElfFile, kind: Kind): string | null {
  if (kind === 'object') return 'an object file (.o): link it into a program first';
  if (kind === 'core') return 'a core dump, not a program';
  if (kind === 'unknown') return `ELF type ${elf.type} is neither a program nor a library`;
  if (elf.osabi !== 0 && elf.osabi !== 3) return `built for another operating system (ELF OS/ABI ${elf.osabi}), not Linux`;
  if (!(elf.elfClass === 64 && elf.endian === 'little' && (elf.machineName === 'x86_64' || elf.machineName === 'aarch64'))) {
    return `ELF${elf.elfClass} ${elf.endian}-endian ${elf.machineName}: musl-lab judges x86_64 and aarch64 (64-bit little-endian) files only`;
  }
  return null;
}

const P = (outcome: Outcome, detail: string, extra: Partial<Prediction> = {}): Prediction => ({ outcome, certain: true, detail, symbols: [], libraries: [], assumes: [], ...extra });

function predict(
  elf: ElfFile,
  kind: Kind,
  linkage: Compat['linkage'],
  interpreter: Compat['interpreter'],
  needed: NeededLib[],
  missing: MissingImport[],
): Record<Target, Prediction> {
  const isLibrary = kind === 'shared-library';
  const starts = isLibrary ? 'loads into a musl program' : 'starts';
  if (linkage === 'static') {
    const p = P('runs', `statically linked: it carries its own libc and ${starts} on any ${elf.machineName} Linux`);
    return { musl: p, gcompat: p, shim: p };
  }
  const toInstall = needed.filter((n) => n.provider === 'install').map((n) => n.name);
  const assuming = toInstall.length ? ` (once ${toInstall.join(', ')} ${toInstall.length > 1 ? 'are' : 'is'} installed)` : '';
  if (interpreter && interpreter.libc !== 'glibc') {
    if (interpreter.libc === 'musl') {
      const p = P('runs', `a musl program: ${starts}${assuming}`, { assumes: toInstall });
      return { musl: p, gcompat: p, shim: p };
    }
    const p = P('interpreter-missing', `its interpreter ${interpreter.path} does not exist on musl: the shell says "not found" (exit 127)`);
    return { musl: p, gcompat: p, shim: p };
  }

  const hard = missing.filter((m) => !m.weak);
  const glibcOnly = needed.filter((n) => n.provider === 'glibc-only').map((n) => n.name);
  const loaderLib = needed.filter((n) => n.provider === 'gcompat-loader').map((n) => n.name);
  // Some musl builds (Debian's) export fts_*: a prediction resting on fts alone is not certain.
  const certainMissing = hard.some((m) => m.id !== 'fts');

  const stops = isLibrary ? 'loading it fails' : 'it stops before main (exit 127)';
  const onMusl = (): Prediction => {
    if (glibcOnly.length || loaderLib.length) {
      const libs = [...glibcOnly, ...loaderLib];
      return P('library-missing', `musl's loader cannot find ${libs.join(', ')}: "Error loading shared library", ${stops}`, { libraries: libs, certain: !loaderLib.length });
    }
    if (hard.length) {
      const syms = hard.map((m) => m.symbol);
      return P('symbol-missing', `musl lacks ${list(syms)}: "Error relocating ...: symbol not found", ${stops}`, { symbols: syms, certain: certainMissing });
    }
    return P('runs', `musl's loader answers its libc libraries and ignores symbol versions: it ${starts}${assuming}`);
  };

  const assume = (p: Prediction): Prediction => ({ ...p, assumes: toInstall });
  if (!interpreter) {
    // A library (or an executable without interpreter): whoever loads it is musl.
    const p = assume(onMusl());
    return { musl: p, gcompat: assume(gcompatPrediction(hard, glibcOnly, starts, assuming, true)), shim: p };
  }

  if (!interpreter.standard) {
    const p = P('interpreter-missing', `its glibc interpreter sits at an unusual path (${interpreter.path}); gcompat and the shim provide only ${GLIBC_LOADERS[elf.machineName]}`);
    return { musl: p, gcompat: p, shim: p };
  }
  return {
    musl: P('interpreter-missing', `glibc's loader ${interpreter.path} does not exist on musl: the shell says "not found" (exit 127), although the file is there`),
    // gcompat's loader also handles a DT_NEEDED on glibc's ld.so (gcompat CHANGELOG 0.2.0).
    gcompat: assume(gcompatPrediction(hard, glibcOnly, starts, assuming, false)),
    shim: assume(onMusl()),
  };
}

function gcompatPrediction(hard: MissingImport[], glibcOnly: string[], starts: string, assuming: string, library: boolean): Prediction {
  if (glibcOnly.length) {
    return P('library-missing', `it is unknown whether gcompat provides ${glibcOnly.join(', ')}; musl's loader does not answer that name`, { libraries: glibcOnly, certain: false });
  }
  const no = hard.filter((m) => m.gcompat === 'no');
  if (no.length) {
    const syms = no.map((m) => m.symbol);
    return P('symbol-missing', `gcompat does not provide ${list(syms)}: "symbol not found"`, { symbols: syms });
  }
  const unsure = hard.filter((m) => m.gcompat === 'unknown' || m.gcompat === 'partial');
  if (unsure.length) {
    const syms = unsure.map((m) => m.symbol);
    return P('symbol-missing', `it is unknown whether gcompat provides ${list(syms)}`, { symbols: syms, certain: false });
  }
  const via = library ? ' when libgcompat is loaded too (link or LD_PRELOAD it)' : '';
  const provided = hard.length ? `gcompat provides ${list(hard.map((m) => m.symbol))}; ` : '';
  return P('runs', `${provided}it ${starts}${via}${assuming}`);
}

function list(names: string[], max = 4): string {
  const u = [...new Set(names)];
  return u.length <= max ? u.join(', ') : `${u.slice(0, max).join(', ')} and ${u.length - max} more`;
}

function judge(
  kind: Kind,
  linkage: Compat['linkage'],
  builtFor: Libc,
  interpreter: Compat['interpreter'],
  needed: NeededLib[],
  missing: MissingImport[],
  p: Record<Target, Prediction>,
  elf: ElfFile,
): { verdict: Verdict; certain: boolean; reasons: string[] } {
  const reasons: string[] = [];
  const install = needed.filter((n) => n.provider === 'install').map((n) => n.name);
  const installNote = () => {
    if (install.length) reasons.push(`needs ${install.join(', ')} installed`);
  };
  if (linkage === 'static') {
    reasons.push(`statically linked: runs on any ${elf.machineName} Linux, musl or not`);
    if (builtFor === 'glibc') {
      reasons.push("it keeps glibc's own behaviour inside (thread stacks, DNS, locales), and name or user lookups in a static glibc program still need glibc's NSS libraries at run time");
    }
    return { verdict: 'runs', certain: true, reasons };
  }
  if (interpreter?.libc === 'musl') {
    reasons.push('built for musl');
    installNote();
    return { verdict: 'runs', certain: true, reasons };
  }
  if (interpreter?.libc === 'other') {
    reasons.push(p.musl.detail);
    return { verdict: 'needs-rebuild', certain: true, reasons };
  }
  if (kind === 'shared-library' && builtFor !== 'glibc') {
    reasons.push(builtFor === 'musl' ? 'a library built for musl' : 'a library that names no glibc versions: nothing ties it to glibc');
    installNote();
    return { verdict: 'runs', certain: builtFor === 'musl', reasons };
  }
  if (interpreter && !interpreter.standard) {
    reasons.push(p.musl.detail);
    return { verdict: 'needs-rebuild', certain: true, reasons };
  }
  if (interpreter) reasons.push(`built for glibc: musl has no ${interpreter.path}, so it does not start there as is`);
  const hard = missing.filter((m) => !m.weak);
  const g = p.gcompat;
  const self = interpreter ? p.shim : p.musl;
  installNote();
  if (!interpreter && self.outcome === 'runs') {
    reasons.push('musl loads it as is: its libc libraries are answered by musl and symbol versions are ignored');
    return { verdict: 'runs', certain: true, reasons };
  }
  if (g.outcome === 'runs') {
    reasons.push(
      self.outcome === 'runs'
        ? 'it uses no glibc-only symbols: a plain loader symlink (libc6-compat) would do as well'
        : `it uses glibc-only symbols that gcompat provides (${list(hard.map((m) => m.symbol), 3)})`,
    );
    return { verdict: 'runs-with-gcompat', certain: true, reasons };
  }
  reasons.push(g.detail);
  if (!g.certain) {
    if (hard.some((m) => m.gcompat === 'no')) return { verdict: 'needs-rebuild', certain: true, reasons };
    reasons.push('try it with the real gcompat (`--run` with the online gcompat image) or rebuild to be sure');
    return { verdict: 'runs-with-gcompat', certain: false, reasons };
  }
  return { verdict: 'needs-rebuild', certain: true, reasons };
}

function fixesFor(verdict: Verdict, builtFor: Libc, linkage: Compat['linkage'], needed: NeededLib[], threads: Threads | null, arch: string, muslLoaderWorks: boolean | null): Fix[] {
  const fixes: Fix[] = [];
  if (verdict === 'unsupported') return fixes;
  const install = needed.filter((n) => n.provider === 'install');
  if (verdict === 'runs-with-gcompat') {
    fixes.push({ id: 'gcompat', text: "install gcompat: a loader at glibc's path plus libgcompat's extra symbols (behaviour stays musl's)", command: 'apk add gcompat' });
    if (muslLoaderWorks) fixes.push({ id: 'musl-loader', text: "or start it through musl's loader by hand: it needs no glibc-only symbol", command: `${muslLoader(arch)} ./program` });
  }
  if (verdict === 'runs-with-gcompat' || verdict === 'needs-rebuild') {
    fixes.push({ id: 'rebuild-musl', text: 'rebuild it on musl from source (Alpine: apk add build-base); glibc-only calls then fail at compile time, where they can be replaced', command: 'gcc -o program program.c' });
    if (builtFor === 'glibc') fixes.push({ id: 'static', text: 'or link it statically on glibc: it then runs anywhere on the same architecture, with glibc behaviour inside', command: 'gcc -static -o program program.c' });
  }
  if (install.length) {
    const pkgs = install.map((n) => ALPINE_PACKAGES[n.name]).filter((x): x is string => !!x);
    fixes.push({ id: 'install-libs', text: `install the libraries it needs: ${install.map((n) => n.name).join(', ')}`, command: pkgs.length ? `apk add ${pkgs.join(' ')}` : undefined });
  }
  if (threads && !threads.raisesMuslDefault && linkage === 'dynamic') {
    fixes.push({ id: 'stack-size', text: "raise musl's default thread stack for the whole program at link time (musl reads PT_GNU_STACK; glibc ignores it)", command: 'gcc -Wl,-z,stack-size=1048576 ...' });
  }
  return fixes;
}

/** Exit code for one verdict: 0 runs as is, 1 needs gcompat or a rebuild, 2 cannot be judged. */
export function verdictExitCode(v: Verdict): 0 | 1 | 2 {
  return v === 'runs' ? 0 : v === 'unsupported' ? 2 : 1;
}

/** What a run in the lab showed, in the same terms as a Prediction. */
export interface Observation {
  outcome: 'started' | 'interpreter-missing' | 'library-missing' | 'symbol-missing' | 'exec-failed';
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  symbols: string[];
  libraries: string[];
  /** The first lines of each stream, for the reader. */
  stdout: string;
  stderr: string;
}

export type Agreement = 'yes' | 'no' | 'uncertain' | 'not-comparable';

/** Read a run's outcome: musl's loader and the shell say precisely what stopped a program. */
export function observeRun(r: { exitCode: number | null; signal: string | null; stdout?: string; stderr: string; timedOut: boolean }): Observation {
  const symbols = [...r.stderr.matchAll(/Error relocating [^\n]*?: ([^\s:]+): symbol not found/g)].map((m) => m[1]!);
  const libraries = [...r.stderr.matchAll(/Error loading shared library ([^\s:]+)/g)].map((m) => m[1]!);
  const head = (s: string) => s.split('\n').slice(0, 6).join('\n').trimEnd();
  const base = { exitCode: r.exitCode, signal: r.signal, timedOut: r.timedOut, symbols: [...new Set(symbols)], libraries: [...new Set(libraries)], stdout: head(r.stdout ?? ''), stderr: head(r.stderr) };
  if (libraries.length) return { outcome: 'library-missing', ...base };
  if (symbols.length) return { outcome: 'symbol-missing', ...base };
  if (r.exitCode === 127 && /not found|No such file/.test(r.stderr)) return { outcome: 'interpreter-missing', ...base };
  if (r.exitCode === 126) return { outcome: 'exec-failed', ...base };
  return { outcome: 'started', ...base };
}

/** Does what happened match what was predicted? */
export function agreement(p: Prediction, o: Observation): Agreement {
  if (p.outcome === 'unsupported') return 'not-comparable';
  // A library the file needs that the lab does not have stops it before anything libc-related shows.
  if (o.outcome === 'library-missing' && o.libraries.length && o.libraries.every((l) => p.assumes.includes(l))) return 'not-comparable';
  const same = p.outcome === 'runs' ? o.outcome === 'started' : p.outcome === o.outcome;
  if (same) return 'yes';
  return p.certain ? 'no' : 'uncertain';
}
