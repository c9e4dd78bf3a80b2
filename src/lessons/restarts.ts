/**
 * A crash loop as the lab plays it: a step with `restarts` runs its program
 * again after a failure, as a kubelet restarts a failing container, with a
 * back-off that doubles. The kubelet waits 10 s, 20 s, 40 s ... (at most
 * 5 minutes); the lab waits a small fraction of that and says so. Pure: the
 * schedule and the lines the run panel and `verify` show.
 */
import { describeExit } from '../lab/signals.js';
import type { RunOutcome } from '../lab/types.js';
import { visibleText } from '../util/visible-text.js';
import { ms } from '../util/run-notes.js';

/** The kubelet's default back-off before a failed container's next start: 10 s, doubled each time, at most 300 s. */
export const KUBELET_BACKOFF_S = { first: 10, max: 300 } as const;

export interface RestartPolicy {
  /** How many times the lab starts the program again after it fails. */
  count: number;
  /** What the lab really waits before the first restart (ms); doubled for each next one, as the kubelet's 10 s. */
  backoffMs: number;
}

/** One restart: its number, the back-off a kubelet would have waited, what the lab waited, and the run. */
export interface Restart {
  n: number;
  of: number;
  kubeletBackoffS: number;
  waitedMs: number;
  run: RunOutcome;
}

/** The waits before each restart: the kubelet's (seconds) and the lab's (ms), both doubling. */
export function backoffSchedule(p: RestartPolicy): { kubeletS: number; labMs: number }[] {
  return Array.from({ length: p.count }, (_, i) => ({
    kubeletS: Math.min(KUBELET_BACKOFF_S.first * 2 ** i, KUBELET_BACKOFF_S.max),
    labMs: p.backoffMs * 2 ** i,
  }));
}

/** A run a kubelet would restart (restartPolicy OnFailure): a non-zero exit, a signal, or killed at the time limit. */
export function failedRun(run: RunOutcome | undefined): boolean {
  return !!run && (run.exitCode !== 0 || run.signal !== null || run.timedOut);
}

/** The last lines a run printed, as `kubectl logs --previous` would show them. */
export function lastLogLines(run: RunOutcome, n = 2): string[] {
  // `kubectl logs --previous` interleaves both streams; the lab keeps them apart, so stdout's end comes first, then stderr's
  const tail = (s: string) => s.split('\n').map((l) => l.trimEnd()).filter((l) => l !== '');
  return [...tail(run.stdout), ...tail(run.stderr)].slice(-n).map((l) => visibleText(l, { keepTabs: false }));
}

/**
 * The restarts in words, one entry per restart, then where the loop stands:
 * "restart 1/3 after back-off 10 s (lab: 100 ms): exit 127 (not found)" (the kubelet's wait, then what the
 * lab really waited) and its last log line.
 */
export function restartLines(restarts: Restart[] | undefined, opts: { logLines?: number } = {}): string[] {
  if (!restarts) return [];
  if (!restarts.length) return ['no restarts: the program did not fail'];
  const out: string[] = [];
  for (const r of restarts) {
    out.push(`restart ${r.n}/${r.of} after back-off ${r.kubeletBackoffS} s (lab: ${ms(r.waitedMs)}): ${describeExit(r.run.exitCode, r.run.signal, r.run.timedOut)}`);
    for (const l of lastLogLines(r.run, opts.logLines ?? 1)) out.push(`  last log: ${l}`);
  }
  const last = restarts[restarts.length - 1]!;
  if (failedRun(last.run)) {
    const next = Math.min(last.kubeletBackoffS * 2, KUBELET_BACKOFF_S.max);
    out.push(`CrashLoopBackOff: a kubelet would wait ${next} s before start ${last.n + 2}`);
  } else out.push(`restart ${last.n} stayed up`);
  return out;
}

/** One line for a report: "restarted 3 times: exit 127 (not found) each time". */
export function restartSummary(restarts: Restart[] | undefined): string {
  if (!restarts) return '';
  if (!restarts.length) return 'no restarts';
  const outcomes = [...new Set(restarts.map((r) => describeExit(r.run.exitCode, r.run.signal, r.run.timedOut)))];
  const times = `${restarts.length} time${restarts.length > 1 ? 's' : ''}`;
  return outcomes.length === 1 ? `restarted ${times}: ${outcomes[0]} each time` : `restarted ${times}: ${outcomes.join(', ')}`;
}
