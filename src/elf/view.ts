/**
 * How `check` results look: text for people (pure: data in, text out) and a JSON shape for scripts.
 * Names read from a file (paths, sonames, symbols) and what it printed are shown through
 * visibleText: a crafted binary cannot send escape sequences to the terminal.
 */
import { fit } from '../term/columns.js';
import '../term/exact-width.js'; // any text, measured exactly
import type { Style } from '../term/style.js';
import { visibleText } from '../term/visible-text.js';
import { type Agreement, type Compat, formatBytes, type Observation, type Prediction, type Target, TARGETS, verdictExitCode } from './compat.js';
import type { ScanEntry } from './scan.js';

/** What the lab's musl-gcompat environment really is: Alpine's gcompat, or only a loader symlink (offline image). */
export type GcompatKind = 'gcompat' | 'shim' | 'none';

export interface EnvRun {
  env: 'musl' | 'musl-gcompat';
  /** Which prediction this environment is checked against. */
  target: Target;
  observation: Observation;
  agreement: Agreement;
}

export type FileRun = { ran: EnvRun[] } | { notRun: string };

export interface CheckReport {
  entries: ScanEntry[];
  runs: Map<string, FileRun>;
  gcompatKind?: GcompatKind;
  exitCode: number;
}

/** 0 runs as is, 1 gcompat or rebuild, 2 could not be judged; skipped files do not count. */
export function entryExitCode(e: ScanEntry): number {
  if (e.status === 'analysed') return verdictExitCode(e.compat.verdict);
  return e.status === 'error' ? 2 : 0;
}

/** A string from the file or the run, safe to print (newlines and tabs too: one row per item). */
const shown = (s: string) => visibleText(s, { keepTabs: false }).replace(/\n/g, '\\n');

const TARGET_TITLE: Record<Target, string> = { musl: 'musl alone', gcompat: 'with gcompat', shim: 'with libc6-compat' };

function verdictText(c: Compat, style: Style): string {
  const lib = c.kind === 'shared-library';
  const t =
    c.verdict === 'runs' ? style.green(lib ? 'loads on musl as is' : 'runs on musl as is')
    : c.verdict === 'runs-with-gcompat' ? style.yellow(lib ? 'loads with gcompat' : 'runs with gcompat')
    : c.verdict === 'needs-rebuild' ? style.red('needs a rebuild')
    : style.dim('cannot be judged');
  return c.certain ? t : `${t} ${style.dim('(uncertain)')}`;
}

function verdictMark(c: Compat, style: Style): string {
  if (!style.fancy) return '';
  return c.verdict === 'runs' ? style.green(`${style.sym.ok} `) : c.verdict === 'runs-with-gcompat' ? style.yellow('~ ') : c.verdict === 'needs-rebuild' ? style.red(`${style.sym.fail} `) : style.dim('? ');
}

function outcomeText(p: Prediction): string {
  switch (p.outcome) {
    case 'runs':
      return 'runs';
    case 'interpreter-missing':
      return 'does not start: `not found` (exit 127)';
    case 'library-missing':
      return `library not found: ${shown(p.libraries.join(', '))}`;
    case 'symbol-missing':
      return `symbol not found: ${short(p.symbols)}`;
    case 'unsupported':
      return 'not judged';
  }
}

function observationText(o: Observation): string {
  const how = o.timedOut ? 'timed out (killed)' : o.signal ? `killed by ${o.signal}` : `exit ${o.exitCode}`;
  switch (o.outcome) {
    case 'started':
      return `started, ${how}`;
    case 'interpreter-missing':
      return `not found (${how})`;
    case 'library-missing':
      return `Error loading shared library ${shown(o.libraries.join(', '))} (${how})`;
    case 'symbol-missing':
      return `symbol not found: ${short(o.symbols)} (${how})`;
    case 'exec-failed':
      return `could not be executed (${how})`;
  }
}

function agreementText(a: Agreement, style: Style): string {
  const ok = style.fancy ? `${style.sym.ok} ` : '';
  const bad = style.fancy ? `${style.sym.fail} ` : '';
  if (a === 'yes') return style.green(`${ok}as predicted`);
  if (a === 'no') return style.red(`${bad}NOT as predicted`);
  if (a === 'uncertain') return style.yellow('the prediction was uncertain');
  return style.dim('not comparable');
}

function short(names: string[], max = 4): string {
  const u = [...new Set(names)].map(shown);
  return u.length <= max ? u.join(', ') : `${u.slice(0, max).join(', ')} +${u.length - max}`;
}

const KIND_TEXT: Record<Compat['kind'], string> = {
  executable: 'executable (not PIE)',
  'pie-executable': 'PIE executable',
  'static-executable': 'executable',
  'static-pie': 'static PIE executable',
  'shared-library': 'shared library',
  object: 'object file',
  core: 'core dump',
  unknown: 'unknown type',
};

function describeFile(e: Extract<ScanEntry, { status: 'analysed' }>): string {
  const { elf, compat } = e;
  const linkage = compat.linkage === 'static' ? 'statically linked' : 'dynamically linked';
  const soname = elf.soname ? ` ${shown(elf.soname)}` : '';
  return `ELF${elf.elfClass} ${elf.endian}-endian ${shown(elf.machineName)}, ${KIND_TEXT[compat.kind]}${soname}, ${linkage}`;
}

const LABEL = 19;
const pad = (s: string) => s.padEnd(LABEL);

/** The full report for one file. */
export function renderDetailed(e: ScanEntry, run: FileRun | undefined, style: Style, gcompatKind?: GcompatKind): string {
  const out: string[] = [style.bold(shown(e.path))];
  const row = (label: string, text: string) => out.push(`  ${style.dim(pad(label))}${text}`);
  const more = (text: string) => out.push(`  ${pad('')}${text}`);
  if (e.status !== 'analysed') {
    row(e.status === 'skipped' ? 'skipped' : 'error', shown(e.message));
    if (e.status === 'error') row('next', e.next);
    return out.join('\n') + '\n';
  }
  const { elf, compat: c } = e;
  if (e.sameAs) row('same file as', shown(e.sameAs));
  row('file', describeFile(e));
  if (c.interpreter) row('interpreter', `${shown(c.interpreter.path)} (${c.interpreter.libc}${c.interpreter.standard || c.interpreter.libc === 'other' || !c.supported ? '' : ', at an unusual path'})`);
  row('built for', `${c.builtFor} (${c.builtForReason})`);
  if (c.glibc.release) {
    row('glibc', `needs glibc >= ${c.glibc.release} (${c.glibc.highest}) on glibc systems; musl's loader ignores symbol versions`);
    if (c.glibc.private) more(style.yellow('imports GLIBC_PRIVATE symbols: tied to one exact glibc build'));
  }
  if (c.needed.length) {
    const w = Math.max(...c.needed.map((n) => shown(n.name).length));
    c.needed.forEach((n, i) => {
      const note = shown(n.note);
      const text = `${shown(n.name).padEnd(w)}  ${n.provider === 'musl' ? style.green(note) : n.provider === 'install' ? note : style.yellow(note)}`;
      if (i === 0) row('libraries', text);
      else more(text);
    });
  }
  if (elf.gnuStack && elf.gnuStack.size > 0) row('stack size', `PT_GNU_STACK ${formatBytes(elf.gnuStack.size)} (-z stack-size)`);
  if (c.threads && c.builtFor !== 'glibc') row('threads', `default thread stack on musl: ${formatBytes(c.threads.muslDefault)}`);

  const hard = c.missing.filter((m) => !m.weak);
  if (c.missing.length) {
    const groups = new Map<string, { label: string; what: string; gcompat: string; note?: string; symbols: string[]; weak: boolean }>();
    for (const m of c.missing) {
      const key = `${m.id}|${m.gcompat}|${m.weak}`;
      const g = groups.get(key) ?? { label: m.label, what: m.what, gcompat: m.gcompat, note: m.note, symbols: [], weak: m.weak };
      g.symbols.push(m.symbol);
      groups.set(key, g);
    }
    let first = true;
    for (const g of groups.values()) {
      const gc = g.gcompat === 'yes' ? style.green('gcompat: yes') : g.gcompat === 'no' ? style.red('gcompat: no') : style.yellow(`gcompat: ${g.gcompat}`);
      const text = `${short(g.symbols, 6)}  ${gc}${g.weak ? style.dim('  (weak: harmless if missing)') : ''}`;
      if (first) row('musl lacks', text);
      else more(text);
      more(style.dim(`  ${g.what}${g.note ? `; ${g.note}` : ''}`));
      first = false;
    }
  } else if (c.builtFor === 'glibc' && c.linkage === 'dynamic' && c.supported) {
    row('musl lacks', style.green('none of the glibc-only symbols in the table'));
  }
  if (c.behaviours.length) {
    c.behaviours.forEach((b, i) => {
      const text = `${style.sym.bullet} ${style.bold(b.title)} (${short(b.symbols, 5)}): ${shown(b.detail)}`;
      if (i === 0) row('changes', text);
      else more(text);
    });
  }

  const observed = run && 'ran' in run ? run.ran : [];
  for (const t of c.supported ? TARGETS : []) {
    if (t === 'shim' && c.predictions.shim === c.predictions.gcompat && gcompatKind !== 'shim') continue;
    const p = c.predictions[t];
    const mark = style.fancy ? (p.outcome === 'runs' ? style.green(`${style.sym.ok} `) : p.outcome === 'unsupported' ? style.dim('? ') : style.red(`${style.sym.fail} `)) : '';
    const text = `${mark}${outcomeText(p)}${p.certain ? '' : style.dim(' (uncertain)')}`;
    row(TARGET_TITLE[t], text);
    more(style.dim(shown(p.detail)));
    for (const r of observed.filter((x) => x.target === t)) {
      more(`${style.cyan(`observed in the lab's ${r.env} environment:`)} ${observationText(r.observation)}  ${agreementText(r.agreement, style)}`);
      const said = r.observation.outcome === 'started' ? r.observation.stdout || r.observation.stderr : r.observation.stderr;
      if (said) more(style.dim(`  ${shown(said.split('\n')[0]!)}`));
    }
  }
  if (run && 'notRun' in run) row('--run', style.dim(`not run: ${run.notRun}`));

  c.causes.forEach((k, i) => {
    const text = `${style.bold(k.class)}: ${shown(k.evidence)}`;
    if (i === 0) row('root causes', text);
    else more(text);
  });
  row('verdict', `${verdictMark(c, style)}${style.bold(verdictText(c, style))}`);
  for (const r of c.reasons) more(`${style.sym.bullet} ${shown(r)}`);
  if (hard.length === 0 && c.missing.length) more(`${style.sym.bullet} every missing symbol is a weak import`);
  c.fixes.forEach((f, i) => {
    const text = `${i + 1}. ${shown(f.text)}${f.command ? `\n  ${pad('')}   ${style.cyan(shown(f.command))}` : ''}`;
    if (i === 0) row('fixes', text);
    else more(text);
  });
  if (elf.warnings.length) row('notes', style.dim(shown(elf.warnings.join('; '))));
  return out.join('\n') + '\n';
}

const VERDICT_COL = 34;

/** One line per file, for folders. */
export function renderCompact(entries: ScanEntry[], runs: Map<string, FileRun>, style: Style): string {
  const out: string[] = [];
  for (const e of entries) {
    if (e.status === 'analysed') {
      const c = e.compat;
      const notes: string[] = [];
      if (e.sameAs) notes.push(`same as ${shown(e.sameAs)}`);
      if (c.glibc.release) notes.push(`glibc >= ${c.glibc.release}`);
      const hard = c.missing.filter((m) => !m.weak);
      const blocking = hard.filter((m) => m.gcompat !== 'yes');
      if (blocking.length) notes.push(`lacks ${short(blocking.map((m) => m.symbol), 3)}`);
      else if (hard.length) notes.push(`${hard.length} symbol${hard.length > 1 ? 's' : ''} from gcompat`);
      const install = c.needed.filter((n) => n.provider === 'install').length;
      if (install) notes.push(`${install} librar${install > 1 ? 'ies' : 'y'} to install`);
      if (c.behaviours.length) notes.push(`changes: ${c.behaviours.map((b) => b.id).join(', ')}`);
      if (c.causes.length) notes.push(`causes: ${c.causes.map((k) => k.class).join(', ')}`);
      const run = runs.get(e.path);
      if (run && 'ran' in run) notes.push(run.ran.map((r) => `${r.env}: ${r.observation.outcome}${r.agreement === 'no' ? ' (NOT as predicted)' : ''}`).join(', '));
      out.push(`${fit(verdictMark(c, style) + verdictText(c, style), VERDICT_COL, style.sym.ellipsis)} ${c.builtFor.padEnd(8)}${shown(e.path)}${notes.length ? style.dim(`  ${notes.join('; ')}`) : ''}`);
    } else if (e.status === 'skipped') {
      out.push(`${fit(style.dim(`${style.fancy ? '- ' : ''}skipped`), VERDICT_COL)} ${''.padEnd(8)}${style.dim(`${shown(e.path)}  ${shown(e.message)}`)}`);
    } else {
      out.push(`${fit(style.red(`${style.fancy ? '! ' : ''}error`), VERDICT_COL)} ${''.padEnd(8)}${shown(e.path)}  ${style.red(shown(e.message))}`);
    }
  }
  return out.join('\n') + '\n';
}

export function summarize(entries: ScanEntry[]): Record<'files' | 'runs' | 'runsWithGcompat' | 'needsRebuild' | 'unsupported' | 'skipped' | 'errors', number> {
  const s = { files: entries.length, runs: 0, runsWithGcompat: 0, needsRebuild: 0, unsupported: 0, skipped: 0, errors: 0 };
  for (const e of entries) {
    if (e.status === 'skipped') s.skipped++;
    else if (e.status === 'error') s.errors++;
    else if (e.compat.verdict === 'runs') s.runs++;
    else if (e.compat.verdict === 'runs-with-gcompat') s.runsWithGcompat++;
    else if (e.compat.verdict === 'needs-rebuild') s.needsRebuild++;
    else s.unsupported++;
  }
  return s;
}

export function renderSummary(entries: ScanEntry[], style: Style): string {
  const s = summarize(entries);
  const parts = [
    s.runs && style.green(`${s.runs} run as is`),
    s.runsWithGcompat && style.yellow(`${s.runsWithGcompat} with gcompat`),
    s.needsRebuild && style.red(`${s.needsRebuild} need a rebuild`),
    s.unsupported && `${s.unsupported} not judged (other architecture or not a program)`,
    s.skipped && style.dim(`${s.skipped} skipped (not ELF)`),
    s.errors && style.red(`${s.errors} could not be checked`),
  ].filter(Boolean);
  return `${style.bold(`${s.files} file${s.files === 1 ? '' : 's'}`)}: ${parts.join(', ') || 'nothing to check'}\n`;
}

/** Human output: the full report for a single file, one line per file otherwise. */
export function renderCheck(r: CheckReport, style: Style): string {
  const [only] = r.entries;
  if (only && r.entries.length === 1) return renderDetailed(only, r.runs.get(only.path), style, r.gcompatKind);
  return renderCompact(r.entries, r.runs, style) + '\n' + renderSummary(r.entries, style);
}

/** Plain data for --json: everything a script needs, nothing styled. Version 1. */
export function checkJson(r: CheckReport): object {
  return {
    version: 1,
    exitCode: r.exitCode,
    summary: summarize(r.entries),
    gcompatEnvironment: r.gcompatKind ?? null,
    files: r.entries.map((e) => {
      if (e.status !== 'analysed') return { path: e.path, status: e.status, code: e.code, message: e.message, next: e.status === 'error' ? e.next : null, exitCode: entryExitCode(e) };
      const { elf, compat: c } = e;
      const run = r.runs.get(e.path);
      return {
        path: e.path,
        status: 'analysed',
        sameAs: e.sameAs ?? null,
        exitCode: entryExitCode(e),
        verdict: c.verdict,
        certain: c.certain,
        reasons: c.reasons,
        // the catalogue's ids (causes/<id>.yaml) for what was found, as compare and port name them
        causes: c.causes,
        elf: {
          class: elf.elfClass,
          endian: elf.endian,
          machine: elf.machineName,
          type: elf.type,
          kind: c.kind,
          linkage: c.linkage,
          pie: elf.pie,
          interpreter: elf.interpreter,
          soname: elf.soname,
          needed: elf.needed,
          runpath: elf.runpath ?? elf.rpath,
          gnuStackSize: elf.gnuStack?.size ?? null,
          abiTag: elf.abiTag,
          imports: elf.imports.length,
          exports: elf.exportCount,
          warnings: elf.warnings,
        },
        libc: { builtFor: c.builtFor, reason: c.builtForReason, interpreter: c.interpreter },
        libraries: c.needed,
        glibc: c.glibc,
        missing: c.missing,
        behaviours: c.behaviours,
        threads: c.threads,
        predictions: c.predictions,
        fixes: c.fixes,
        run: run ? ('ran' in run ? { ran: run.ran } : { notRun: run.notRun }) : null,
      };
    }),
  };
}
