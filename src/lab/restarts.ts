/**
 * A crash loop as the lab plays it: a step with `restarts` runs its program
 * again after a failure, as a kubelet restarts a failing container, with the
 * kubelet's back-off in shape. The kubelet (kuberuntime_manager.go doBackOff,
 * client-go util/flowcontrol/backoff.go) starts a container again at once
 * after its first exit, then waits 10 s, 20 s, 40 s ... (at most 5 minutes),
 * and forgets the back-off once a container ran 10 minutes (twice the cap)
 * before it failed. The lab waits a small fraction of that and says so. Pure:
 * the schedule and the lines the run panel and `verify` show.
 */
import { visibleText } from '../term/visible-text.js';
import { ms } from './run-notes.js';
import { describeRun } from './signals.js';
import type { RunOutcome } from './types.js';

/**
 * The kubelet's default back-off (pkg/kubelet/kubelet.go: backOffPeriod 10 s, MaxContainerBackOff 300 s):
 * none before the first restart, 10 s before the second, doubled each time, at most 300 s.
 */
export const KUBELET_BACKOFF_S = { first: 10, max: 300 } as const;

/**
 * What a kubelet waits after the container's n-th failed start before starting it again (n from 1):
 * 0 (the first exit finds no back-off entry: it is created, and the restart is immediate), then 10, 20, 40 ... 300 s.
 */
export function kubeletBackoffS(n: number): number {
  return n <= 1 ? 0 : Math.min(KUBELET_BACKOFF_S.first * 2 ** (n - 2), KUBELET_BACKOFF_S.max);
}

export interface RestartPolicy {
  /** How many times the lab starts the program again after it fails. */
  count: number;
  /** What the lab really waits where the kubelet waits 10 s (before the second restart, ms); doubled as the kubelet's. The first restart is immediate. */
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

/** The waits before each restart: the kubelet's (seconds) and the lab's (ms): none before the first, then doubling. */
export function backoffSchedule(p: RestartPolicy): { kubeletS: number; labMs: number }[] {
  return Array.from({ length: p.count }, (_, i) => {
    const kubeletS = kubeletBackoffS(i + 1);
    return { kubeletS, labMs: Math.round((p.backoffMs * kubeletS) / KUBELET_BACKOFF_S.first) };
  });
}

/**
 * A run the lab restarts: a non-zero exit, a signal, or killed at the time limit (a kubelet's
 * restartPolicy OnFailure). With Always, a Deployment's only policy, a kubelet restarts after exit 0
 * too; the lab's programs exit 0 to say "started and serving", so it leaves those alone.
 */
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
 * "restart 1/3 at once: exit 255", "restart 2/3 after back-off 10 s (lab: 100 ms): exit 255" (the
 * kubelet's wait, then what the lab really waited) and its last log line.
 */
export function restartLines(restarts: Restart[] | undefined, opts: { logLines?: number } = {}): string[] {
  if (!restarts) return [];
  if (!restarts.length) return ['no restarts: the program did not fail'];
  const out: string[] = [];
  for (const r of restarts) {
    const when = r.kubeletBackoffS === 0 ? 'at once' : `after back-off ${r.kubeletBackoffS} s (lab: ${ms(r.waitedMs)})`;
    out.push(`restart ${r.n}/${r.of} ${when}: ${describeRun(r.run)}`);
    for (const l of lastLogLines(r.run, opts.logLines ?? 1)) out.push(`  last log: ${l}`);
  }
  const last = restarts[restarts.length - 1]!;
  if (failedRun(last.run)) {
    // the start after this one is restart n+1: the kubelet's wait before it
    out.push(`CrashLoopBackOff: a kubelet would wait ${kubeletBackoffS(last.n + 1)} s before start ${last.n + 2}`);
  } else out.push(`restart ${last.n} stayed up`);
  return out;
}

/** One line for a report: "restarted 3 times: exit 127 (not found) each time". */
export function restartSummary(restarts: Restart[] | undefined): string {
  if (!restarts) return '';
  if (!restarts.length) return 'no restarts';
  const outcomes = [...new Set(restarts.map((r) => describeRun(r.run)))];
  const times = `${restarts.length} time${restarts.length > 1 ? 's' : ''}`;
  return outcomes.length === 1 ? `restarted ${times}: ${outcomes[0]} each time` : `restarted ${times}: ${outcomes.join(', ')}`;
}
