/** `musl-lab port` as text (side by side) and as --json. Pure. */
import { causeJson, lessonName } from '../causes/view.js';
import { fit } from '../term/columns.js';
import type { Style } from '../term/style.js';
import { outputLines } from '../term/visible-text.js';
import type { PortResult, Stop } from './findings.js';
import type { Plan } from './plan.js';
import type { PortSide, StepRun } from './run.js';

export interface PortLimits {
  budgetMs: number;
  projectMaxBytes: number;
  labDiskBytes: number;
  tmpDiskBytes: number;
  memoryBytes: number;
  cpus: number;
}

const MiB = (n: number) => `${Math.round(n / 1024 / 1024)} MiB`;
const TAIL = 20;

export function limitsText(l: PortLimits): string {
  return `${Math.round(l.budgetMs / 60_000)} min per environment, project up to ${MiB(l.projectMaxBytes)}, build space ${MiB(l.labDiskBytes)} (/lab) + ${MiB(l.tmpDiskBytes)} (/tmp), ${MiB(l.memoryBytes)} memory, ${l.cpus} CPU, no network`;
}

function stepCell(s: StepRun | undefined, style: Style): string {
  if (!s) return style.dim('not reached');
  return s.exitCode === 0 ? style.green(`ok, ${s.seconds} s`) : style.red(`failed (exit ${s.exitCode}), ${s.seconds} s`);
}

function stopText(side: PortSide, stop: Stop): string {
  if (stop.phase === 'unfinished') return `${side.env}: ${side.failure}`;
  if (!stop.phase) return `${side.env}: every step passed`;
  return `${side.env}: stopped at ${stop.phase} (${stop.step!.command}, exit ${stop.step!.exitCode})`;
}

export function renderPort(r: PortResult, plan: Plan, project: string, limits: PortLimits, style: Style, width = 100, savedTo?: string): string {
  const [a, b] = r.sides;
  const out: string[] = [];
  out.push(`${style.bold('port')} ${project}: ${plan.system} (${plan.because})`);
  out.push(style.dim(`limits: ${limitsText(limits)}`));
  const label = 26;
  const col = Math.max(20, Math.floor((width - label - 3) / 2));
  const row = (l: string, x: string, y: string, differs = false) => out.push(((differs ? style.yellow('* ') : '  ') + fit(l, label) + fit(x, col) + ' | ' + y).trimEnd());
  out.push('');
  row('', style.bold(`${a.env}${a.libc ? ` (${a.libc})` : ''}`), style.bold(`${b.env}${b.libc ? ` (${b.libc})` : ''}`));
  const n = Math.max(a.steps.length, b.steps.length, plan.steps.length);
  for (let i = 0; i < n; i++) {
    const sa = a.steps[i];
    const sb = b.steps[i];
    const cmd = sa?.command ?? sb?.command ?? plan.steps[i]?.command ?? '';
    const phase = sa?.phase ?? sb?.phase ?? plan.steps[i]?.phase ?? '';
    row(`${phase}: ${cmd}`, stepCell(sa, style), stepCell(sb, style), (sa?.exitCode ?? -1) !== (sb?.exitCode ?? -1));
  }
  for (const [s, stop] of [[a, r.stops[0]], [b, r.stops[1]]] as const) {
    out.push('', style.bold(stopText(s, stop)));
    for (const note of s.notes) out.push(style.dim(`  ${note}`));
    if (stop.step && stop.step.exitCode !== 0) {
      const lines = outputLines(stop.step.output, width - 4);
      if (lines.length > TAIL) out.push(style.dim(`  ... ${lines.length - TAIL} lines before (all of them: --json${savedTo ? ', or the saved logs' : ''})`));
      out.push(...lines.slice(-TAIL).map((l) => `  ${l}`));
    }
    for (const c of s.crashes) {
      out.push(`  ${style.red(`crashed: ${c.command}`)} (in ${c.dir}, status ${c.status})`);
      if (c.cause) out.push(`    why (gdb): ${c.cause.summary}`, ...c.cause.evidence.map((e) => style.dim(`      ${e}`)));
      else out.push(style.dim('    not explained: not a plain ./program command, or it did not crash again under gdb'));
    }
  }
  out.push('');
  if (!r.differ) out.push(style.green(`same outcome on ${a.env} and ${b.env}`));
  else {
    out.push(style.yellow(`${a.env} and ${b.env} differ`));
    for (const f of r.findings) {
      if (f.class === 'unclassified') {
        out.push(`${style.bold(`finding (${f.env}, ${f.phase}): unclassified`)} ${style.dim('(no known root cause matched what was seen)')}`);
        continue;
      }
      out.push(`${style.bold(`finding (${f.env}, ${f.phase}): ${f.class}`)} ${style.dim(`(${f.title})`)}`);
      out.push(`  evidence: ${f.evidence}`);
      out.push(`  fix: ${f.fix.trim().replace(/\s*\n\s*/g, ' ')}`);
      for (const alt of f.alternatives) out.push(`  or: ${alt.text}${alt.package ? ` (${alt.package})` : ''}`);
      out.push(`  lesson: ${lessonName(f) ?? style.dim('none yet')}`);
    }
  }
  if (savedTo) out.push('', style.dim(`every step's output: ${savedTo}`));
  return out.join('\n') + '\n';
}

export function portJson(r: PortResult, plan: Plan, project: string, limits: PortLimits, savedTo?: string): object {
  return {
    project,
    chose: { system: plan.system, because: plan.because, steps: plan.steps.map((s) => ({ phase: s.phase, command: s.command, ...(s.targets ? { targets: s.targets } : {}) })) },
    limits,
    differ: r.differ,
    environments: r.sides.map((s, i) => ({
      env: s.env,
      libc: s.libc ?? null,
      stoppedAt: r.stops[i]!.phase,
      failure: s.failure ?? null,
      timedOut: s.timedOut,
      notes: s.notes,
      durationMs: Math.round(s.durationMs),
      steps: s.steps.map((x) => ({ n: x.n, phase: x.phase, command: x.command, exitCode: x.exitCode, seconds: x.seconds, output: x.output })),
      crashes: s.crashes.map((c) => ({ command: c.command, dir: c.dir, status: c.status, signal: c.signal, cause: c.cause, frames: c.frames.map((f) => ({ n: f.n, function: f.func, file: f.file ?? null, line: f.line ?? null, library: f.lib ?? null })) })),
    })),
    findings: r.findings.map((f) => ({ ...causeJson(f), phase: f.phase })),
    logs: savedTo ?? null,
  };
}
