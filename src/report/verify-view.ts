/**
 * Rendering a VerifyReport: terminal text (fancy or plain) and Markdown. Pure.
 * What programs printed is shown through visibleText: no raw control characters.
 */
import type { Verdict } from '../check/checker.js';
import { describeRun } from '../lab/signals.js';
import { restartLines, restartSummary } from '../lab/restarts.js';
import { passesByFailing, type Check, type VerifyReport } from '../lessons/verify.js';
import type { VariantResult } from '../lessons/run-step.js';
import { cut } from '../term/columns.js';
import '../term/exact-width.js'; // what programs print: any text, measured exactly
import { makeStyle, type Style } from '../term/style.js';
import type { EnvName } from '../lab/types.js';
import { formatTime, ratioText, speedBars, speedRows, speedView, type SpeedRow } from './speed-chart.js';
import { visibleText } from '../term/visible-text.js';

function outcomeLine(v: VariantResult, ellipsis = '…'): string {
  return Object.values(v.outcomes)
    .map((o) => {
      if (!o) return '';
      if (!o.compile.ok) return `${o.env}: did not compile`;
      if (!o.run) return `${o.env}: not run`;
      // the line a check looked at (INTERP, say), not just the first line printed
      const looked = v.verdicts.find((d) => d.env === o.env && (d.field === 'stdout' || d.field === 'stderr'))?.actual;
      const first = visibleText(looked ?? o.run.stdout.split('\n').find((l) => l.trim()) ?? '', { keepTabs: false }).trim();
      const loop = o.restarts?.length ? ` (${restartSummary(o.restarts)})` : '';
      return `${o.env}: ${describeRun(o.run)}${first ? ` "${cut(first, 61, ellipsis)}"` : ''}${loop}`;
    })
    .filter(Boolean)
    .join(' | ');
}

function verdictRow(st: Style, v: Verdict): string {
  const mark = v.ok ? st.green(st.sym.ok) : st.red(st.sym.fail);
  const base = `${mark} ${v.label}: expected ${visibleText(v.expected, { keepTabs: false })}; got ${visibleText(v.actual, { keepTabs: false })}`;
  return v.ok ? base : `${base}\n        ${st.red(`why it failed: ${v.reason}`)}`;
}

const ENV_ORDER: EnvName[] = ['glibc', 'musl', 'musl-gcompat'];

/** A lesson's speed numbers: every charted experiment's rows and every charted solution's, in step order. */
export function lessonSpeed(checks: Check[]): { rows: SpeedRow[]; envs: EnvName[] } {
  const charted = checks.filter((c) => c.chart && !c.result.notApplicable && (c.kind === 'experiment' || c.kind === 'solution passes'));
  const rows = charted.flatMap((c) => speedRows(c.chart!, c.result.variants, c.title));
  const seen = new Set(charted.flatMap((c) => c.result.variants.flatMap((v) => Object.keys(v.outcomes))));
  return { rows, envs: ENV_ORDER.filter((e) => seen.has(e)) };
}

/** Speed tables fit a terminal of 80 columns, after the report's margin. */
const SPEED_WIDTH = 74;

export function renderVerifyText(r: VerifyReport, st: Style, opts: { verbose?: boolean } = {}): string {
  const out: string[] = [];
  const rule = st.sym.rule.repeat(64);
  const bar = st.fancy ? st.sym.vbar : ' ';
  out.push(rule, st.bold('musl-lab verify: every lesson claim, run in both environments'), rule);
  for (const [env, d] of Object.entries(r.environments)) out.push(`  ${env.padEnd(13)} ${d}`);
  r.lessons.forEach((l, i) => {
    out.push('', st.bold(`${st.sym.corner} Lesson ${i + 1}: ${l.title} (${l.id})`));
    for (const c of l.checks) {
      if (c.result.notApplicable) {
        out.push(`${bar} ${st.yellow('-')} ${c.kind}: ${c.title} [${c.step}] not applicable: ${c.result.notApplicable}`);
        continue;
      }
      const mark = c.passed ? st.green(st.sym.ok) : st.red(st.sym.fail);
      out.push(`${bar} ${mark} ${c.kind}${c.wrong ? ` (${c.wrong.file})` : ''}: ${c.title} [${c.step}] ${st.dim(`${Math.round(c.result.durationMs)} ms`)}`);
      if (c.wrong) out.push(`${bar}     ${caughtLine(c.wrong)}`);
      if (opts.verbose) for (const line of evidenceLines(c)) out.push(`${bar}     ${st.dim(line)}`);
      if (c.myth) out.push(`${bar}     ${st.yellow('myth:')} ${c.myth}  ${st.dim(`${st.sym.arrow} measured:`)}`);
      for (const v of c.result.variants) {
        const label = v.id === 'main' ? '' : `${v.label ?? v.id}: `;
        out.push(`${bar}     ${label}${outcomeLine(v, st.sym.ellipsis)}`);
        if (opts.verbose) for (const o of Object.values(v.outcomes)) for (const l of restartLines(o?.restarts)) out.push(`${bar}       ${o!.env}: ${l}`);
        const show = opts.verbose || !c.passed ? v.verdicts : [];
        // A starter or wrong-solution check passes when the program fails: its failed verdicts are the point, not a problem.
        if (passesByFailing(c.kind)) continue;
        for (const verdict of show) out.push(`${bar}       ${verdictRow(st, verdict)}`);
      }
    }
    const speed = lessonSpeed(l.checks);
    if (speed.rows.length) {
      out.push(bar, `${bar} ${st.bold(`Speed, ${speed.envs.join(' vs ')}: the medians the programs printed`)}`);
      out.push(...speedView(speed.rows, speed.envs, SPEED_WIDTH, st).map((line) => `${bar}   ${line}`));
    }
  });
  const s = r.summary;
  out.push('', rule, st.bold('Summary'), rule);
  out.push(`  Lessons verified:              ${r.lessons.length}`);
  out.push(`  Experiments run:               ${s.experiments}`);
  out.push(`  Expected failures demonstrated: ${s.expectedFailuresShown}`);
  out.push(`  Fixes demonstrated:            ${s.fixesShown}`);
  out.push(`  Checks: ${s.passed} passed, ${s.failed} failed, ${s.notApplicable} not applicable to these images (${(s.durationMs / 1000).toFixed(1)} s)`);
  out.push(s.failed ? st.red(`${st.sym.fail} ${s.failed} check(s) failed: the lessons above say what differed.`) : st.green(`${st.sym.ok} every expectation holds in the real environments`));
  return out.join('\n') + '\n';
}

const mdEscape = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** Where a wrong solution must fail, and where its checks caught it. */
export function caughtLine(w: NonNullable<Check['wrong']>): string {
  const missed = w.failsOn.filter((e) => !w.caughtOn.includes(e));
  return `must fail in ${w.failsOn.join(', ')}; caught in ${w.caughtOn.join(', ') || 'none'}${missed.length ? `; NOT caught in ${missed.join(', ')}` : ''}`;
}

/** A step's evidence as lines: its sources, and what a stand-in stands for. */
export function evidenceLines(c: Pick<Check, 'sources' | 'standsFor'>): string[] {
  const out = (c.sources ?? []).map((s) => `source: ${s}`);
  if (c.standsFor) out.push(`stands in for: ${c.standsFor.real}`, `  the same: ${c.standsFor.same}`, `  differs: ${c.standsFor.differs}`);
  return out;
}

/** The Markdown section of a lesson's evidence: one entry per experiment and task, in step order. */
function evidenceMarkdown(checks: Check[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const c of checks) {
    if (seen.has(c.step) || (c.kind !== 'experiment' && c.kind !== 'solution passes')) continue;
    seen.add(c.step);
    out.push(`- **${mdEscape(c.title)}** (\`${c.step}\`)`);
    if (!c.sources?.length) out.push('  - sources: none named');
    for (const src of c.sources ?? []) out.push(`  - ${mdEscape(src)}`);
    if (c.standsFor) out.push(`  - stands in for: ${mdEscape(c.standsFor.real)}; the same: ${mdEscape(c.standsFor.same)}; differs: ${mdEscape(c.standsFor.differs)}`);
  }
  return out.length ? ['', '### Sources: what each step rests on', '', ...out] : [];
}

export function renderVerifyMarkdown(r: VerifyReport): string {
  const out: string[] = ['# musl-lab verify', '', `Run at ${r.startedAt}.`, '', '| environment | what it holds |', '|---|---|'];
  for (const [env, d] of Object.entries(r.environments)) out.push(`| ${env} | ${mdEscape(d)} |`);
  for (const l of r.lessons) {
    out.push('', `## ${l.title} (\`${l.id}\`)`, '');
    out.push('| check | step | result | outcomes |', '|---|---|---|---|');
    for (const c of l.checks) {
      for (const v of c.result.variants) {
        out.push(`| ${c.kind}${c.wrong ? ` (${c.wrong.file})` : ''} | ${mdEscape(c.title)}${v.id === 'main' ? '' : ` (${mdEscape(v.label ?? v.id)})`} | ${c.passed ? 'pass' : '**FAIL**'} | ${mdEscape(outcomeLine(v))} |`);
      }
    }
    out.push(...evidenceMarkdown(l.checks));
    const wrongs = l.checks.filter((c) => c.wrong);
    if (wrongs.length) {
      out.push('', '| wrong solution | step | where it must fail, where it was caught |', '|---|---|---|');
      for (const c of wrongs) out.push(`| ${c.wrong!.file} | ${mdEscape(c.title)} | ${mdEscape(caughtLine(c.wrong!))} |`);
    }
    const myths = l.checks.filter((c) => c.myth);
    if (myths.length) {
      out.push('', '| myth | measured |', '|---|---|');
      for (const c of myths) for (const v of c.result.variants) out.push(`| ${mdEscape(c.myth!)}${v.id === 'main' ? '' : ` (${mdEscape(v.label ?? v.id)})`} | ${mdEscape(outcomeLine(v))} |`);
    }
    const speed = lessonSpeed(l.checks);
    if (speed.rows.length) {
      // the numbers as a table, and the bars as text (ASCII, so any viewer shows them)
      const ascii = makeStyle({ color: false, plain: true });
      const [base, ...others] = speed.envs;
      out.push('', '### Speed: the medians the programs printed', '', `| benchmark | ${speed.envs.join(' | ')} | ${others.map((e) => `${e} vs ${base}`).join(' | ')} |`, `|---|${speed.envs.map(() => '---:|').join('')}${others.map(() => '---|').join('')}`);
      for (const r of speed.rows) {
        const times = speed.envs.map((e) => (r.values[e] === undefined ? 'n/a' : formatTime(r.values[e]!, r.unit, ascii)));
        out.push(`| ${mdEscape(r.label)} | ${times.join(' | ')} | ${others.map((e) => ratioText(r.values[e], r.values[base!])).join(' | ')} |`);
      }
      out.push('', '```text', ...speedBars(speed.rows, speed.envs, 78, ascii), '```');
    }
    const failed = l.checks.filter((c: Check) => !c.passed && !passesByFailing(c.kind));
    for (const c of failed) {
      out.push('', `### Failed: ${c.kind}: ${mdEscape(c.title)}`, '', '| expectation | expected | actual | reason |', '|---|---|---|---|');
      for (const v of c.result.variants) for (const d of v.verdicts.filter((x) => !x.ok)) out.push(`| ${mdEscape(d.label)} | ${mdEscape(d.expected)} | ${mdEscape(d.actual)} | ${mdEscape(d.reason)} |`);
    }
  }
  const s = r.summary;
  out.push('', '## Summary', '', `- lessons: ${r.lessons.length}`, `- experiments run: ${s.experiments}`, `- expected failures demonstrated: ${s.expectedFailuresShown}`, `- fixes demonstrated: ${s.fixesShown}`, `- checks: ${s.passed} passed, ${s.failed} failed`);
  return out.join('\n') + '\n';
}
