/** A side-by-side view of two traces (pure: data in, text out), and --json. */
import { describeRun } from '../lab/signals.js';
import { fit } from '../term/columns.js';
import '../term/exact-width.js'; // any text, measured exactly
import type { Style } from '../term/style.js';
import { diffSequences, type TraceSummary } from './strace.js';
import type { TraceSide } from './trace.js';

const LABEL = 18;
const TOP_CALLS = 12;
const MAX_ROWS = 60;

const ms = (us: number) => (us >= 10_000 ? `${Math.round(us / 1000)} ms` : `${(us / 1000).toFixed(1)} ms`);

/** Where each side's raw trace was saved (by the command), keyed by env. */
export type SavedTraces = Partial<Record<string, string>>;

export function renderTrace(sides: [TraceSide, TraceSide], style: Style, width = 100, saved: SavedTraces = {}): string {
  const [a, b] = sides;
  const sep = style.fancy ? ' │ ' : ' | ';
  const col = Math.max(20, Math.floor((width - LABEL - sep.length) / 2));
  const out: string[] = [];
  const row = (label: string, left: string, right: string, differs = false) =>
    out.push(fit((differs ? (style.fancy ? '≠ ' : '* ') : '  ') + label, LABEL) + fit(left, col) + sep + fit(right, col));
  const title = (s: string) => {
    out.push('');
    out.push(style.bold(s));
  };
  row('', style.bold(a.env), style.bold(b.env));
  const result = (s: TraceSide) => (!s.compile.ok ? style.red('did not compile') : s.run ? describeRun(s.run) : '');
  row('result', result(a), result(b));
  const sa = a.summary;
  const sb = b.summary;
  if (!sa || !sb) {
    out.push('');
    out.push(style.yellow('No trace to compare: the program did not build in both environments.'));
    return out.join('\n') + '\n';
  }
  row('system calls', `${sa.calls} (${sa.startup} start-up), ${ms(sa.us)} in calls`, `${sb.calls} (${sb.startup} start-up), ${ms(sb.us)} in calls`, sa.calls !== sb.calls);

  title('Calls by count (time spent in them)');
  const names = [...new Set([...sa.counts, ...sb.counts].sort((x, y) => y.count - x.count).map((c) => c.name))];
  const cell = (s: TraceSummary, n: string) => {
    const c = s.counts.find((x) => x.name === n);
    return c ? `${c.count}${c.errors ? ` (${c.errors} failed)` : ''}, ${ms(c.us)}` : style.dim('-');
  };
  for (const n of names.slice(0, TOP_CALLS)) row(n, cell(sa, n), cell(sb, n));
  if (names.length > TOP_CALLS) row('', style.dim(`… ${names.length - TOP_CALLS} more kinds of call`), '');

  title('Files the program and its library looked for');
  const paths = [...new Set([...sa.files, ...sb.files].map((f) => f.path))].filter((p) => !/^\/lab\//.test(p));
  const look = (s: TraceSummary, p: string) => {
    const f = s.files.find((x) => x.path === p);
    return f ? (f.found ? style.green(f.calls.join(', ')) : style.yellow(`${f.calls.join(', ')} → ${f.errno ?? 'failed'}`)) : style.dim('-');
  };
  if (paths.length === 0) out.push(style.dim('  (none)'));
  for (const p of paths) {
    out.push(`  ${p}`);
    row('', look(sa, p), look(sb, p), !!sa.files.find((f) => f.path === p) !== !!sb.files.find((f) => f.path === p));
  }

  title('Network calls');
  const n = Math.max(sa.network.length, sb.network.length);
  if (n === 0) out.push(style.dim('  (none)'));
  for (let i = 0; i < Math.min(n, MAX_ROWS); i++) row(i === 0 ? 'in order' : '', sa.network[i] ?? '', sb.network[i] ?? '');

  title('The two sequences after start-up (plumbing such as read, close, fstat left out)');
  let shown = 0;
  for (const r of diffSequences(sa.sequence, sb.sequence)) {
    if (shown >= MAX_ROWS) {
      out.push(style.dim('  … more in the raw traces'));
      break;
    }
    if (r.kind === 'same') {
      row('same', `${r.text}${r.count > 1 ? ` (×${r.count})` : ''}`, style.dim('same'));
      shown += 1;
    } else {
      for (let i = 0; i < Math.max(r.left.length, r.right.length) && shown < MAX_ROWS; i++, shown++) row(i === 0 ? 'differs' : '', r.left[i] ?? '', r.right[i] ?? '', true);
    }
  }

  const files = sides.filter((s) => saved[s.env]);
  if (files.length) {
    out.push('');
    out.push('Raw traces (strace -f -tt -T):');
    const mib = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;
    for (const s of files) out.push(`  ${s.env}: ${saved[s.env]}${s.cutFrom ? style.yellow(` (the first ${mib(Buffer.byteLength(s.raw))} of ${mib(s.cutFrom)}: a trace is kept up to that)`) : ''}`);
  }
  return out.join('\n') + '\n';
}

export function traceJson(sides: [TraceSide, TraceSide], saved: SavedTraces = {}): object {
  return {
    environments: sides.map((s) => ({
      env: s.env,
      compiled: s.compile.ok,
      exitCode: s.run?.exitCode ?? null,
      signal: s.run?.signal ?? null,
      stdout: s.run?.stdout ?? null,
      stderr: s.run?.stderr ?? null,
      calls: s.summary?.calls ?? null,
      startupCalls: s.summary?.startup ?? null,
      usInCalls: s.summary?.us ?? null,
      counts: s.summary?.counts ?? [],
      files: s.summary?.files ?? [],
      network: s.summary?.network ?? [],
      sequence: s.summary?.sequence ?? [],
      rawTrace: saved[s.env] ?? null,
      /** The whole trace's size when only its beginning was kept, else null. */
      rawTraceCutFrom: s.cutFrom ?? null,
      durationMs: Math.round(s.durationMs),
    })),
    diff: sides[0].summary && sides[1].summary ? diffSequences(sides[0].summary.sequence, sides[1].summary.sequence) : [],
  };
}
