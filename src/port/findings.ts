/**
 * Where each environment stopped, whether they differ, and every failure of
 * one environment that the other got past, as findings: the catalogue's
 * root cause with the evidence, the fix, the lesson, and the phase. Pure.
 */
import { diagnose, type Diagnosis, type Observation } from '../causes/diagnose.js';
import { crashText } from '../compare/evidence.js';
import type { Catalogue } from '../causes/load.js';
import type { Phase } from './plan.js';
import type { Project } from './project.js';
import type { PortSide, StepRun } from './run.js';

export interface Stop {
  /** The phase it stopped in; null when every step passed. */
  phase: Phase | 'unfinished' | null;
  step: StepRun | null;
}

export interface Finding extends Diagnosis {
  phase: Phase | 'unfinished';
}

export interface PortResult {
  sides: [PortSide, PortSide];
  stops: [Stop, Stop];
  differ: boolean;
  findings: Finding[];
}

const LINK = /undefined reference to|ld returned \d+ exit status|cannot find -l|relocation .* against|multiple definition of/;

/** A build step's failure is a link failure when the linker said so, else a compile failure. */
export function buildPhase(step: StepRun): Phase {
  if (step.phase === 'build') return LINK.test(step.output) ? 'link' : 'compile';
  return step.phase;
}

export function stopOf(side: PortSide): Stop {
  if (side.failure) return { phase: 'unfinished', step: null };
  const failed = side.steps.find((s) => s.exitCode !== 0);
  return failed ? { phase: buildPhase(failed), step: failed } : { phase: null, step: null };
}

function sameStop(a: Stop, b: Stop): boolean {
  return a.phase === b.phase && (a.step?.n ?? 0) === (b.step?.n ?? 0) && (a.step?.exitCode ?? 0) === (b.step?.exitCode ?? 0);
}

/** What a failed step showed, as observations for the catalogue. */
function observations(side: PortSide, stop: Stop, project: Project): Observation[] {
  const step = stop.step;
  if (!step) return [];
  const env = side.env;
  const obs: Observation[] = [];
  const building = step.phase === 'configure' || step.phase === 'build';
  if (building || step.phase === 'run') obs.push({ env, in: 'compiler', text: step.output });
  obs.push({ env, in: 'loader', text: step.output }, { env, in: 'output', text: step.output });
  for (const c of side.crashes) if (c.cause) obs.push({ env, in: 'crash', text: crashText({ cause: c.cause, frames: c.frames }) });
  const outcome: Observation['outcome'] = building ? 'compile-failed' : side.crashes.length ? 'crashed' : 'differs';
  for (const f of project.files) {
    if (f.content && /\.[ch]$/.test(f.name)) obs.push({ env, in: 'source', file: f.name, text: f.content.toString('utf8'), outcome });
  }
  return obs;
}

export function portFindings(cat: Catalogue, project: Project, sides: [PortSide, PortSide]): PortResult {
  const stops = sides.map(stopOf) as [Stop, Stop];
  const differ = !sameStop(stops[0], stops[1]);
  const findings: Finding[] = [];
  if (differ) {
    sides.forEach((side, i) => {
      const mine = stops[i]!;
      const other = stops[1 - i]!;
      // a failure here that the other environment got past (or failed differently)
      if (!mine.step || (other.step && other.step.n < mine.step.n)) return;
      for (const d of diagnose(cat, observations(side, mine, project))) findings.push({ ...d, env: d.env ?? side.env, phase: mine.phase! });
    });
  }
  return { sides, stops, differ, findings };
}
