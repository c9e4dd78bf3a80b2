/** A crash explanation as text (pure), and as plain data for --json. */
import { shellLine } from '../lab/limits.js';
import { type Style } from '../term/style.js';
import type { Frame } from './gdb-report.js';
import type { CrashExplanation } from './explain.js';

/** Consecutive frames at the same place (a recursion) folded into one row. */
export interface FrameRow {
  from: number;
  to: number;
  frame: Frame;
}

export function foldFrames(frames: Frame[]): FrameRow[] {
  const rows: FrameRow[] = [];
  for (const f of frames) {
    const last = rows.at(-1);
    if (last && last.to + 1 === f.n && last.frame.func === f.func && last.frame.file === f.file && last.frame.line === f.line && last.frame.lib === f.lib) last.to = f.n;
    else rows.push({ from: f.n, to: f.n, frame: f });
  }
  return rows;
}

function frameText(f: Frame): string {
  const file = f.file ? ` at ${f.file.slice(f.file.lastIndexOf('/') + 1)}:${f.line}` : f.lib ? ` in ${f.lib.slice(f.lib.lastIndexOf('/') + 1)}` : '';
  return `${f.func === '??' ? '??' : `${f.func}()`}${file}`;
}

/** The explanation as lines of text (no trailing newline), for compare, the TUI and lessons. */
export function explanationLines(e: CrashExplanation, style: Style, sources: string[] = []): string[] {
  const out: string[] = [];
  out.push(style.bold(`Why did it crash? (${e.env})`));
  if (!e.reproduced) {
    out.push(`  ${e.note ?? 'The crash did not happen again under gdb.'}`);
    return out;
  }
  out.push(`  ${style.red(e.signal ?? '')}${e.meaning ? `, ${e.meaning}` : ''}`);
  const where = [e.thread !== null ? (e.thread === 1 ? 'in the main thread (1)' : `in thread ${e.thread}`) : null, e.faultAddress ? `at address ${e.faultAddress}` : null].filter(Boolean);
  if (where.length) out.push(`  ${where.join(', ')}`);
  out.push('');
  out.push(`  ${e.cause.kind === 'unclassified' ? style.yellow(e.cause.summary) : style.bold(e.cause.summary)}`);
  for (const l of e.cause.evidence) out.push(`    ${style.sym.bullet} ${l}`);
  if (e.cause.class) out.push(`  ${style.dim(`root cause: ${e.cause.class} (causes/${e.cause.class}.yaml)`)}`);
  out.push('');
  const rows = foldFrames(e.frames);
  const isMine = (f: Frame) => f.file !== undefined && sources.includes(f.file.slice(f.file.lastIndexOf('/') + 1));
  const rowText = (r: FrameRow) => `${(r.from === r.to ? `#${r.from}` : `#${r.from}-${r.to}`).padEnd(9)} ${frameText(r.frame)}${r.from === r.to ? '' : ` (×${r.to - r.from + 1})`}`;
  // the learner's own frames first: the place to start reading
  const mine = rows.filter((r) => isMine(r.frame));
  if (mine.length && mine.length < rows.length) {
    out.push('  In your code:');
    for (const r of mine) out.push(`  ${style.bold('> ' + rowText(r))}`);
    out.push('');
  }
  const shown = e.frames.length < e.totalFrames ? ` (${e.totalFrames} frames; the first and last shown)` : '';
  out.push(`  Backtrace${shown}:`);
  let previous = -1;
  let library = false;
  for (const r of rows) {
    if (previous >= 0 && r.from > previous + 1) out.push(style.dim(`    … ${r.from - previous - 1} frames not shown`));
    previous = r.to;
    // not the learner's: inside a library, or the program's start-up code (no source)
    const tag = isMine(r.frame) ? '' : r.frame.lib ? '  [library]' : !r.frame.file ? '  [no source]' : '';
    library ||= !!r.frame.lib;
    out.push(`  ${isMine(r.frame) ? style.bold('> ' + rowText(r)) : '  ' + style.dim(rowText(r) + tag)}`);
  }
  if (library) out.push(style.dim("  [library] frames are inside the C library: without its debug symbols gdb names them after the nearest symbol it knows, so a name there may be a guess. Start from your frames."));
  out.push('');
  out.push(style.dim(`  How: rebuilt with \`${shellLine(e.build)}\`, run again under gdb (batch mode, as the learner's user) in ${(e.durationMs / 1000).toFixed(1)} s.`));
  return out;
}

/** Plain data for --json. */
export function explanationJson(e: CrashExplanation): object {
  return {
    env: e.env,
    method: e.method,
    reproduced: e.reproduced,
    signal: e.signal,
    meaning: e.meaning,
    thread: e.thread,
    faultAddress: e.faultAddress,
    cause: e.cause,
    frames: e.frames.map((f) => ({ n: f.n, pc: f.pc, function: f.func, file: f.file ?? null, line: f.line ?? null, library: f.lib ?? null })),
    totalFrames: e.totalFrames,
    build: e.build,
    command: e.command,
    note: e.note ?? null,
    durationMs: Math.round(e.durationMs),
  };
}
