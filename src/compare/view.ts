/** Side-by-side rendering of a Comparison (pure: text in, text out). */
import { describeExit } from '../lab/signals.js';
import { cutNotes } from '../util/run-notes.js';
import { type Style, fit } from '../util/style.js';
import { type Field, normalizeLabPaths, type Side } from './diff.js';
import type { Comparison } from './compare.js';

const LABEL_WIDTH = 10;
const MAX_LINES = 40;

function lines(s: string): string[] {
  const l = s.replace(/\n$/, '').split('\n');
  return l.length === 1 && l[0] === '' ? [] : l;
}

export function renderComparison(c: Comparison, style: Style, width = 80): string {
  const [a, b] = c.sides;
  const sep = style.fancy ? ' │ ' : ' | ';
  const col = Math.max(20, Math.floor((width - LABEL_WIDTH - 2 - sep.length) / 2));
  const diff = new Set<Field>(c.differences);
  const out: string[] = [];
  const row = (label: string, left: string, right: string, differs = false) => {
    const mark = differs ? style.yellow(style.fancy ? '≠ ' : '* ') : '  ';
    out.push(mark + fit(label, LABEL_WIDTH) + fit(left, col) + sep + fit(right, col));
  };
  const head = (s: Side) => style.bold(`${s.env}${s.libc ? ` (${s.libc})` : ''}`);
  row('', head(a), head(b));
  row('', '-'.repeat(col), '-'.repeat(col));
  const compiled = (s: Side) => (s.compile.ok ? style.green(`ok, ${Math.round(s.compile.durationMs)} ms`) : style.red(s.compile.timedOut ? 'timed out' : `failed (exit ${s.compile.exitCode})`));
  row('compile', compiled(a), compiled(b), diff.has('compiled'));
  const result = (s: Side) => {
    if (!s.run) return style.dim('not run');
    const text = describeExit(s.run.exitCode, s.run.signal, s.run.timedOut);
    return s.run.exitCode === 0 && !s.run.timedOut ? style.green(text) : style.red(text);
  };
  row('result', result(a), result(b), diff.has('exit') || diff.has('timedOut'));
  row('time', a.run ? `${Math.round(a.run.durationMs)} ms` : '', b.run ? `${Math.round(b.run.durationMs)} ms` : '');
  for (const stream of ['stdout', 'stderr'] as const) {
    const la = lines(normalizeLabPaths(a.run?.[stream] ?? ''));
    const lb = lines(normalizeLabPaths(b.run?.[stream] ?? ''));
    const n = Math.max(la.length, lb.length);
    if (n === 0) {
      row(stream, style.dim('(empty)'), style.dim('(empty)'));
      continue;
    }
    for (let i = 0; i < Math.min(n, MAX_LINES); i++) {
      row(i === 0 ? stream : '', la[i] ?? '', lb[i] ?? '', la[i] !== lb[i]);
    }
    if (n > MAX_LINES) row('', style.dim(`… ${la.length - MAX_LINES > 0 ? la.length - MAX_LINES : 0} more lines`), style.dim(`… ${lb.length - MAX_LINES > 0 ? lb.length - MAX_LINES : 0} more lines`));
  }
  const notes = [a, b].map((s) => (s.run ? cutNotes(s.run) : []));
  for (let i = 0; i < Math.max(notes[0]!.length, notes[1]!.length); i++) row(i === 0 ? 'lab' : '', style.dim(notes[0]![i] ?? ''), style.dim(notes[1]![i] ?? ''));
  for (const s of [a, b]) {
    if (s.compile.diagnostics) {
      out.push('');
      out.push(style.bold(`${s.env}: gcc said`) + style.dim(` (${s.compile.command.join(' ')})`));
      out.push(...lines(s.compile.diagnostics).slice(0, MAX_LINES).map((l) => `  ${l}`));
    }
  }
  out.push('');
  out.push(
    c.differences.length === 0
      ? style.green(`${style.sym.same} same outcome on ${a.env} and ${b.env}`)
      : style.yellow(`${style.sym.differ} ${a.env} and ${b.env} differ in: ${c.differences.join(', ')}`),
  );
  return out.join('\n') + '\n';
}

/** Plain data for --json: everything a script needs, nothing styled. */
export function comparisonJson(c: Comparison): object {
  return {
    differ: c.differences.length > 0,
    differences: c.differences,
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
