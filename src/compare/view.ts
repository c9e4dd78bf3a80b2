/**
 * Side-by-side rendering of a Comparison (pure: text in, text out). Program
 * output is shown verbatim (spaces, tabs at their stops, control characters
 * as visible escapes) and wrapped in its column, never cut.
 */
import { LIMITS } from '../lab/limits.js';
import { describeRun } from '../lab/signals.js';
import { cutNotes } from '../lab/run-notes.js';
import { fit } from '../term/columns.js';
import type { Style } from '../term/style.js';
import { outputLines, visibleText } from '../term/visible-text.js';
import { type Field, labPathsAsTyped, type Side } from './diff.js';
import type { Comparison } from './compare.js';
import type { Diagnosis } from '../causes/diagnose.js';
import { causeJson, causeLines } from '../causes/view.js';
import { wordWrap } from '../term/word-wrap.js';

const LABEL_WIDTH = 10;
/** Rows of output per stream; the rest is counted, and --json has all of it. */
const MAX_LINES = 40;

/** With `causes` (the diagnosis of a difference), each is named under the verdict: evidence, fix, lesson. */
export function renderComparison(c: Comparison, style: Style, width = 80, causes: Diagnosis[] = []): string {
  const [a, b] = c.sides;
  const sep = ` ${style.sym.vbar} `;
  const col = Math.max(20, Math.floor((width - LABEL_WIDTH - 2 - sep.length) / 2));
  const diff = new Set<Field>(c.differences);
  const out: string[] = [];
  const cell = (s: string) => fit(s, col, style.sym.ellipsis);
  const row = (label: string, left: string, right: string, differs = false) => {
    const mark = differs ? style.yellow(style.fancy ? `${style.sym.differ} ` : '* ') : '  ';
    out.push((mark + fit(label, LABEL_WIDTH) + cell(left) + sep + right).trimEnd());
  };
  const head = (s: Side) => style.bold(`${s.env}${s.libc ? ` (${s.libc})` : ''}`);
  row('', head(a), head(b));
  row('', '-'.repeat(col), '-'.repeat(col));
  const compiled = (s: Side) => (s.compile.ok ? style.green(`ok, ${Math.round(s.compile.durationMs)} ms`) : style.red(s.compile.timedOut ? 'timed out' : `failed (exit ${s.compile.exitCode})`));
  row('compile', compiled(a), compiled(b), diff.has('compiled'));
  const result = (s: Side) => {
    if (!s.run) return style.dim('not run');
    const text = describeRun(s.run);
    return s.run.exitCode === 0 && !s.run.timedOut ? style.green(text) : style.red(text);
  };
  row('result', result(a), result(b), diff.has('exit') || diff.has('timedOut'));
  row('time', a.run ? `${Math.round(a.run.durationMs)} ms` : '', b.run ? `${Math.round(b.run.durationMs)} ms` : '');
  for (const stream of ['stdout', 'stderr'] as const) {
    const la = outputLines(labPathsAsTyped(a.run?.[stream] ?? ''), col);
    const lb = outputLines(labPathsAsTyped(b.run?.[stream] ?? ''), col);
    const n = Math.max(la.length, lb.length);
    if (n === 0) {
      row(stream, style.dim('(empty)'), style.dim('(empty)'));
      continue;
    }
    for (let i = 0; i < Math.min(n, MAX_LINES); i++) {
      row(i === 0 ? stream : '', la[i] ?? '', lb[i] ?? '', la[i] !== lb[i]);
    }
    // the program's lines below the cut (not screen rows), and what --json really holds of them
    const more = (s: Side, l: string[]) => {
      if (l.length <= MAX_LINES) return '';
      const hidden = linesAfter(labPathsAsTyped(s.run?.[stream] ?? ''), col, MAX_LINES);
      const json = s.run?.truncated ? `--json: first ${LIMITS.keepOutputBytes / 1024} KiB` : '--json has all';
      return style.dim(`${style.sym.ellipsis} ${hidden} more line${hidden === 1 ? '' : 's'} (${json})`);
    };
    if (n > MAX_LINES) row('', more(a, la), more(b, lb));
  }
  // the lab's notes wrapped in their column (cut, they lost what was kept and how much was printed)
  const notes = [a, b].map((s) => (s.run ? cutNotes(s.run).flatMap((n) => wordWrap(n, col)) : []));
  for (let i = 0; i < Math.max(notes[0]!.length, notes[1]!.length); i++) row(i === 0 ? 'lab' : '', style.dim(notes[0]![i] ?? ''), style.dim(notes[1]![i] ?? ''));
  for (const s of [a, b]) {
    if (s.compile.diagnostics) {
      const diag = outputLines(labPathsAsTyped(s.compile.diagnostics), Math.max(20, width - 2));
      out.push('');
      out.push(style.bold(`${s.env}: gcc said`) + style.dim(` (${visibleText(s.compile.command.join(' '), { keepTabs: false })})`));
      out.push(...diag.slice(0, MAX_LINES).map((l) => `  ${l}`));
      if (diag.length > MAX_LINES) out.push(style.dim(`  ${style.sym.ellipsis} ${diag.length - MAX_LINES} more lines (--json has all)`));
    }
  }
  out.push('');
  out.push(
    neitherCompiled(c)
      ? style.red(`${style.sym.fail} the program compiled on neither ${a.env} nor ${b.env}: nothing ran to compare (see what gcc said)`)
      : c.differences.length === 0
      ? style.green(`${style.fancy ? `${style.sym.same} ` : ''}same outcome on ${a.env} and ${b.env}`) // plain's symbol is the word itself
      : style.yellow(`${style.sym.differ} ${a.env} and ${b.env} differ in: ${c.differences.join(', ')}`),
  );
  if (c.differences.length && causes.length) out.push('', ...causeLines(causes, style, Math.max(40, width)));
  return out.join('\n') + '\n';
}

/** Both sides failed to build: not "the same outcome" (compare exits 1, like a difference). */
export const neitherCompiled = (c: Comparison) => c.sides.every((s) => !s.compile.ok);

/**
 * How many of the text's lines begin below its first `rows` rows when wrapped at `width`
 * (a line cut by that row counts as shown: its start is on screen).
 */
export function linesAfter(text: string, width: number, rows: number): number {
  const lines = text.replace(/\n$/, '').split('\n');
  let row = 0;
  for (let i = 0; i < lines.length; i++) {
    if (row >= rows) return lines.length - i;
    row += Math.max(1, outputLines(lines[i]!, width).length);
  }
  return 0;
}

/** Plain data for --json: everything a script needs, nothing styled. `causes` is [] when the outcomes are the same. */
export function comparisonJson(c: Comparison, causes: Diagnosis[] = []): object {
  return {
    differ: c.differences.length > 0,
    differences: c.differences,
    causes: c.differences.length ? causes.map(causeJson) : [],
    neitherCompiled: neitherCompiled(c),
    environments: c.sides.map((s) => ({
      env: s.env,
      libc: s.libc ?? null,
      compile: { ok: s.compile.ok, exitCode: s.compile.exitCode, diagnostics: s.compile.diagnostics, durationMs: Math.round(s.compile.durationMs), command: s.compile.command },
      run: s.run
        ? {
            exitCode: s.run.exitCode,
            signal: s.run.signal,
            stdout: s.run.stdout,
            stderr: s.run.stderr,
            // the exact bytes (base64) of a stream that is not valid UTF-8; stdout/stderr then show \xNN
            ...(s.run.binary ? { binary: s.run.binary } : {}),
            timedOut: s.run.timedOut,
            truncated: s.run.truncated,
            flooded: s.run.flooded ?? false,
            totalBytes: s.run.totalBytes ?? null,
            durationMs: Math.round(s.run.durationMs),
            cpuMs: s.run.cpuMs ?? null,
            command: s.run.command ?? null,
          }
        : null,
    })),
  };
}
