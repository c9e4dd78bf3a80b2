/** What the lab did to a run's output, in words: said next to the output (never inside it). Pure. */
import { LIMITS } from './limits.js';
import type { RunOutcome } from './types.js';

/** 12 ms, 3.00 s. */
export const ms = (n: number) => (n < 1000 ? `${Math.round(n)} ms` : `${(n / 1000).toFixed(2)} s`);

/** What the lab did to the output, said by the panel (never mixed into the program's own output). */
export function cutNotes(run: RunOutcome): string[] {
  const notes: string[] = [];
  const t = run.totalBytes;
  if (run.truncated && t) notes.push(`[output cut: it printed ${t.stdout} bytes to stdout and ${t.stderr} to stderr; only the first ${LIMITS.keepOutputBytes / 1024} KiB of each are kept]`);
  if (run.flooded) notes.push('[the program was stopped: it printed more than the lab allows]');
  if (run.timedOut) notes.push(`[the program was stopped at the time limit, after ${ms(run.durationMs)}]`);
  return notes;
}

