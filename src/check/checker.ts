/**
 * The checker: a pure function of a lesson's expectations and the outcomes of
 * a run, returning one verdict per expectation with expected and actual side
 * by side and the reason. No Docker, no clock: table-driven tests cover it.
 */
import type { CrashExplanation } from '../explain/explain.js';
import { ALL_ENV_NAMES, type DnsQuery, type EnvName, type RunOutcome } from '../lab/types.js';
import { describeExit, describeRun } from '../lab/signals.js';
import type { Restart } from '../lab/restarts.js';
import type { EnvExpectation, Expectations, QueryExpectation, Relation, TextMatch } from './expectations.js';
import { describeMatch, matchText } from './text.js';

/** What happened in one environment: the compile (where it was built) and the run. */
export interface EnvOutcome {
  env: EnvName;
  /** `tool`: what built it when not gcc (go, rustc, the build script), for the verdict's words. */
  compile: { ok: boolean; exitCode: number | null; diagnostics: string; tool?: string };
  run?: RunOutcome;
  /** What the DNS lab's server received during this run (steps on the lab network). */
  queries?: DnsQuery[];
  /** "Why did it crash?" for a crashed run (steps with explain: true). */
  explanation?: CrashExplanation;
  /** The runs after a failure, for steps with `restarts` (empty: it did not fail). The checks read `run`. */
  restarts?: Restart[];
}
export type Outcomes = Partial<Record<EnvName, EnvOutcome>>;

/** What a verdict checked: a typed value, so nothing compares the display label as a sentence. */
export type VerdictField = 'ran' | 'compiled' | 'diagnostic' | 'timed out' | 'signal' | 'exit' | 'stdout' | 'stderr' | 'cause' | 'queries' | 'relation';

export interface Verdict {
  /** "musl: signal", "glibc vs musl: stdout differs", ... (for display only) */
  label: string;
  field?: VerdictField;
  env?: EnvName;
  /** A relation's two environments (a relation belongs to both, not to one). */
  between?: EnvName[];
  ok: boolean;
  expected: string;
  /** What was looked at: the matching line, the field's value (never a line that says nothing of the check). */
  actual: string;
  /** Why it failed (empty when ok). */
  reason: string;
  /**
   * The lesson's explanation of THIS outcome: its `why` when the check holds, its `whyNot` when it
   * does not (so an explanation never contradicts the run it explains).
   */
  why?: string;
}

/** The author's explanation that fits the outcome. */
const whyFor = (ok: boolean, e: { why?: string; whyNot?: string }) => (ok ? e.why : e.whyNot);

/**
 * What a failed check saw when it could not look at what the author's `whyNot` explains: the
 * program did not build (a block that asks for a run explains a run, not a compile error), or a
 * relation had nothing to compare. The author's text would describe another failure there.
 */
export const NOT_BUILT_WHY = 'It did not build, so nothing ran and none of the checks of its run could be made: fix the first error the compiler printed.';
export const NOT_RUN_WHY = 'The lab did not run it here: run the step again, and if that repeats, `musl-lab doctor`.';
export const NOT_MEASURED_WHY = 'There was nothing to compare: a run did not happen, or did not print the number (did it crash or stop before the end?). Read each side\'s own result first.';

const ENVS: readonly EnvName[] = ALL_ENV_NAMES;

function short(s: string, n = 160): string {
  // ASCII only (--plain, --json): line breaks as \n, as the displays show other control characters
  const one = s.replace(/\n$/, '').replace(/\n/g, '\\n');
  return one.length > n ? `${one.slice(0, n)}...` : one;
}

function checkEnv(env: EnvName, e: EnvExpectation, o: EnvOutcome | undefined): Verdict[] {
  const out: Verdict[] = [];
  // The block's whyNot explains the checks it states; a compile it only implies (by asking for a run)
  // that fails gets the words of what happened instead, never the run's whyNot.
  const stated = (field: VerdictField) => field !== 'ran' && (field !== 'compiled' || e.compiled !== undefined);
  const v = (field: VerdictField, ok: boolean, expected: string, actual: string, reason: string) =>
    out.push({ label: `${env}: ${field}`, field, env, ok, expected, actual, reason: ok ? '' : reason, why: ok || stated(field) ? whyFor(ok, e) : NOT_BUILT_WHY });
  if (!o) {
    out.push({ label: `${env}: ran`, field: 'ran', env, ok: false, expected: 'a run', actual: 'nothing', reason: `the step did not run in ${env}`, why: NOT_RUN_WHY });
    return out;
  }
  const wantsRun = e.exit !== undefined || e.signal !== undefined || e.timedOut !== undefined || e.stdout !== undefined || e.stderr !== undefined || e.queries !== undefined || e.cause !== undefined;
  const compiled = e.compiled ?? (wantsRun ? true : undefined);
  if (compiled !== undefined) {
    const warnings = (o.compile.diagnostics.match(/\bwarning:/g) ?? []).length;
    const firstError = o.compile.diagnostics.split('\n').find((l) => /\berror\b/.test(l)) ?? o.compile.diagnostics;
    const tool = o.compile.tool ?? 'gcc';
    const actual = o.compile.ok
      ? `compiled (${tool} exit 0${warnings ? `, ${warnings} warning${warnings > 1 ? 's' : ''}` : ', no warnings'})`
      : `did not compile (${tool} exit ${o.compile.exitCode ?? '?'}): ${short(firstError)}`;
    v('compiled', o.compile.ok === compiled, compiled ? 'compiles' : 'does not compile', actual, compiled ? 'it did not compile' : 'it compiled');
  }
  if (e.diagnostic !== undefined) {
    const ok = new RegExp(e.diagnostic, 'm').test(o.compile.diagnostics);
    v('diagnostic', ok, `matches /${e.diagnostic}/`, short(o.compile.diagnostics) || '(none)', 'the compiler said something else');
  }
  if (!wantsRun) return out;
  const r = o.run;
  if (!r) {
    if (o.compile.ok) out.push({ label: `${env}: ran`, field: 'ran', env, ok: false, expected: 'a run', actual: 'not run', reason: 'the program was not run', why: NOT_RUN_WHY });
    else v('ran', false, 'a run', 'not run', 'it did not compile, so nothing ran');
    return out;
  }
  const actualExit = describeRun(r);
  if (e.timedOut !== undefined) v('timed out', r.timedOut === e.timedOut, e.timedOut ? 'times out' : 'finishes in time', r.timedOut ? 'timed out' : 'finished', e.timedOut ? 'it finished' : 'it was killed at the time limit');
  if (e.signal !== undefined) v('signal', r.signal === e.signal && !r.timedOut, e.signal, actualExit, r.signal ? `it died of ${r.signal}` : 'it did not die of a signal');
  if (e.exit !== undefined) v('exit', r.exitCode === e.exit && !r.timedOut, describeExit(e.exit, null), actualExit, 'another exit status');
  for (const stream of ['stdout', 'stderr'] as const) {
    const m = e[stream];
    if (m === undefined) continue;
    const why = matchText(m, r[stream]);
    v(stream, why === null, describeMatch(m), evidence(m, r[stream]), `${stream} ${why}`);
  }
  for (const q of e.queries ?? []) out.push(checkQueries(env, q, o.queries, e));
  if (e.cause !== undefined) {
    const x = o.explanation;
    const actual = x ? (x.reproduced ? `${x.cause.kind}: ${x.cause.summary}` : `not reproduced: ${x.note ?? ''}`) : 'not explained (no crash, or the step has no explain: true)';
    v('cause', x?.cause.kind === e.cause, e.cause, actual, x ? 'the explanation found another cause' : 'there was no explanation');
  }
  return out;
}

/** "at least 2", "exactly 10", "2 to 5". */
function describeCount(q: QueryExpectation): string {
  if (q.count !== undefined) return `${q.count} ${q.count === 1 ? 'query' : 'queries'}`;
  if (q.atLeast !== undefined && q.atMost !== undefined) return `${q.atLeast} to ${q.atMost} queries`;
  return q.atLeast !== undefined ? `at least ${q.atLeast} queries` : `at most ${q.atMost} queries`;
}

/**
 * The part of the output a check looked at: the line a `contains` or `pattern` found (or the line a
 * `notContains` tripped on), else the output itself, shortened.
 */
export function evidence(m: TextMatch, text: string): string {
  if (!text) return '(empty)';
  const lines = text.replace(/\n$/, '').split('\n');
  if (typeof m !== 'string' && m.exact === undefined) {
    const needles = [...(Array.isArray(m.contains) ? m.contains : m.contains ? [m.contains] : []), ...(Array.isArray(m.notContains) ? m.notContains : m.notContains ? [m.notContains] : [])];
    const found = new Set<string>();
    for (const n of needles) {
      const line = lines.find((l) => l.includes(n.trim()));
      if (line !== undefined) found.add(line);
    }
    if (m.pattern !== undefined) {
      const hit = new RegExp(m.pattern, 'm').exec(text);
      if (hit) found.add(text.slice(text.lastIndexOf('\n', hit.index) + 1).split('\n')[0]!);
    }
    if (found.size) return [...found].map((l) => short(l, 120)).join(' ⏎ ');
    if (lines.length > 1) return `no line matches (${lines.length} lines, first: ${short(lines[0]!, 80)})`;
  }
  return short(text);
}

/** Count what the DNS server's log holds of one kind of query and compare. */
export function checkQueries(env: EnvName, q: QueryExpectation, log: DnsQuery[] | undefined, block: { why?: string; whyNot?: string } = {}): Verdict {
  const explain = (ok: boolean) => whyFor(ok, { why: q.why ?? block.why, whyNot: q.whyNot ?? block.whyNot });
  const from = q.from === 'dnsmasq' ? 'dnsmasq' : env;
  const what = [q.type, q.proto?.toUpperCase()].filter(Boolean).join(' over ');
  const label = `${env}: ${what ? `${what} ` : ''}queries${q.name ? ` for ${q.name}` : ''}${q.from === 'dnsmasq' ? ' from dnsmasq' : ''}`;
  const expected = describeCount(q);
  if (!log) return { label, field: 'queries', env, ok: false, expected, actual: 'no query log', reason: 'the step did not run on the lab network', why: explain(false) };
  const rows = log.filter((r) => r.from === from && (!q.name || r.name === q.name) && (!q.proto || r.proto === q.proto) && (!q.type || r.type === q.type));
  const n = rows.reduce((a, r) => a + r.count, 0);
  const ok = q.count !== undefined ? n === q.count : (q.atLeast === undefined || n >= q.atLeast) && (q.atMost === undefined || n <= q.atMost);
  const detail = rows.map((r) => `${r.proto} ${r.type}${q.name ? '' : ` ${r.name}`} x${r.count}`).join(', ');
  return {
    label,
    field: 'queries',
    env,
    ok,
    expected,
    actual: `${n}${detail ? ` (${detail})` : ''}`,
    reason: ok ? '' : n < (q.count ?? q.atLeast ?? 0) ? 'fewer queries reached the server' : 'more queries reached the server',
    why: explain(ok),
  };
}

function field(o: EnvOutcome | undefined, f: 'stdout' | 'stderr' | 'exit'): string | undefined {
  if (!o?.run) return undefined;
  return f === 'exit' ? describeRun(o.run) : o.run[f];
}

/** Read a number from a run: wall time, or the first group of a pattern in stdout. */
export function readMetric(o: EnvOutcome | undefined, m: 'duration' | { stdout: string }): number | null {
  if (!o?.run) return null;
  if (m === 'duration') return o.run.durationMs;
  const hit = new RegExp(m.stdout, 'm').exec(o.run.stdout);
  const n = hit?.[1] !== undefined ? Number(hit[1]) : NaN;
  return Number.isFinite(n) ? n : null;
}

function checkRelation(rel: Relation, out: Outcomes): Verdict {
  if ('differs' in rel || 'same' in rel) {
    const wantDiffer = 'differs' in rel;
    const f = 'differs' in rel ? rel.differs : rel.same;
    const [a, b] = rel.between;
    const fa = field(out[a], f);
    const fb = field(out[b], f);
    const label = `${a} vs ${b}: ${f} ${wantDiffer ? 'differs' : 'same'}`;
    if (fa === undefined || fb === undefined) return { label, field: 'relation', ok: false, expected: wantDiffer ? 'different' : 'the same', actual: 'not run in both', reason: 'both environments must run', why: NOT_MEASURED_WHY };
    const differ = f === 'exit' ? fa !== fb : tidy(fa) !== tidy(fb);
    const ok = differ === wantDiffer;
    return {
      label,
      field: 'relation',
      ok,
      expected: wantDiffer ? `${f} differs` : `${f} is the same`,
      actual: differ ? `${a}: ${short(fa, 60)} / ${b}: ${short(fb, 60)}` : `both: ${short(fa, 80)}`,
      reason: ok ? '' : differ ? 'they differ' : 'they are the same',
      why: whyFor(ok, rel),
    };
  }
  const ms = readMetric(out[rel.slower], rel.metric);
  const mf = readMetric(out[rel.faster], rel.fasterMetric ?? rel.metric);
  const times = rel.atMost === undefined ? `at least ${rel.atLeast}x` : `${rel.atLeast}x to ${rel.atMost}x`;
  const label = rel.fasterMetric
    ? `${rel.slower} ${metricName(rel.metric)} ${times} ${rel.faster === rel.slower ? 'its' : `${rel.faster}'s`} ${metricName(rel.fasterMetric)}`
    : rel.atMost === undefined && rel.atLeast >= 1
      ? `${rel.slower} at least ${rel.atLeast}x slower than ${rel.faster}`
      : `${rel.slower} takes ${times} ${rel.faster}'s time`; // "at least 0.6x slower" would read as a contradiction
  const expected = rel.atMost === undefined ? `ratio >= ${rel.atLeast}` : `ratio ${rel.atLeast} to ${rel.atMost}`;
  if (ms === null || mf === null) return { label, field: 'relation', ok: false, expected, actual: 'no measurement', reason: 'the metric could not be read from both runs', why: NOT_MEASURED_WHY };
  const ratio = mf > 0 ? ms / mf : Number.POSITIVE_INFINITY;
  const tooSmall = ratio < rel.atLeast;
  const tooLarge = rel.atMost !== undefined && ratio > rel.atMost;
  const ok = !tooSmall && !tooLarge;
  const unit = rel.metric === 'duration' ? ' ms' : '';
  return {
    label,
    field: 'relation',
    ok,
    expected,
    actual: `${fmt(ms)}${unit} vs ${fmt(mf)}${unit} (x${Number.isFinite(ratio) ? ratio.toFixed(ratio < 0.1 ? 3 : 1) : 'inf'})`,
    reason: tooSmall ? 'the difference is smaller than expected' : tooLarge ? 'the difference is larger than expected' : '',
    why: whyFor(ok, rel),
  };
}

/** "first_ms" for { stdout: "first_ms=([0-9.]+)" }; "wall time" for duration. */
function metricName(m: 'duration' | { stdout: string }): string {
  if (m === 'duration') return 'wall time';
  return /([A-Za-z][A-Za-z0-9_]*)=/.exec(m.stdout)?.[1] ?? `/${m.stdout}/`;
}

const tidy = (s: string) => s.replace(/\r\n/g, '\n').replace(/\/lab\/(?:[0-9a-f]+\/)?[crxz]\d*\//g, '/lab/.../').trim();
const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

export function check(exp: Expectations, outcomes: Outcomes): Verdict[] {
  const verdicts: Verdict[] = [];
  for (const env of ENVS) {
    const e = exp[env];
    if (e) verdicts.push(...checkEnv(env, e, outcomes[env]));
  }
  for (const rel of exp.relations ?? []) verdicts.push({ ...checkRelation(rel, outcomes), between: 'between' in rel ? [...rel.between] : [...new Set([rel.slower, rel.faster])] });
  return verdicts;
}

export function passed(verdicts: Verdict[]): boolean {
  return verdicts.length > 0 && verdicts.every((v) => v.ok);
}
