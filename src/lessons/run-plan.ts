/**
 * How a step runs, decided once from the validated step: the schema already said which fields go
 * together, so the runner (run-step.ts) dispatches on `plan.kind` instead of asking the step's
 * booleans again in every environment of every row. Pure: no files read, no lab asked.
 */
import { BugError } from '../errors.js';
import type { Compiler, DnsScenario, EnvName } from '../lab/types.js';
import type { Lesson } from './load.js';
import type { ExperimentStep, Expectations, TaskStep } from './schema.js';

export type RunnableStep = ExperimentStep | TaskStep;

/** One row of a step: the step itself, or one of an experiment's variants (a table's row). */
export interface VariantSpec {
  id: string;
  label?: string;
  flags: string[];
  /** Variables for the build (the step's `build.env` and the variant's `buildEnv`). */
  buildEnv: Record<string, string>;
  args: string[];
  env: Record<string, string>;
  ulimits?: ExperimentStep['ulimits'];
  /** The DNS lab scenario, for steps on the lab network. */
  network?: DnsScenario;
  expect: Expectations;
}

/** The rows of a step: its variants, or one row ('main') checked against `expect`. */
export function variantsOf(step: RunnableStep, expect: Expectations): VariantSpec[] {
  const baseSpec = { flags: step.flags, buildEnv: step.build?.env ?? {}, args: step.args, env: step.env, ulimits: step.ulimits, network: step.network };
  if (step.kind === 'experiment' && step.variants) {
    return step.variants.map((v) => ({
      id: v.id,
      label: v.label,
      flags: [...step.flags, ...(v.flags ?? [])],
      buildEnv: { ...step.build?.env, ...v.buildEnv },
      args: v.args ?? step.args,
      env: { ...step.env, ...(v.env ?? {}) },
      ulimits: v.ulimits ?? step.ulimits,
      network: step.network && { ...step.network, ...v.network },
      expect: v.expect,
    }));
  }
  return [{ id: 'main', ...baseSpec, expect }];
}

/** The expectations a step is checked against by default (a task's, an experiment's, or none). */
export const stepExpect = (step: RunnableStep): Expectations => (step.kind === 'task' ? step.expect : (step.expect ?? { relations: [] }));

/** How the step's program is built: where, by which compiler or tool, into which file. */
export interface BuildPlan {
  /** 'each': every run environment builds its own; else the one environment that builds for all. */
  in: 'each' | EnvName;
  compiler?: Compiler;
  /** Another build tool's command (go, rustc, a build script) instead of gcc. */
  tool?: string[];
  /** The built program's name; absent: the main file's name without its extension. */
  output?: string;
  /** What the checker names as the compiler: the build tool, musl-gcc, or (absent) gcc. */
  toolName?: string;
}

/** What each environment of a row does to get its outcome. */
export type RunPlan = PlanCommon &
  (
    | { /** analyze: true: the built program read by `musl-lab check` (its report is the run). */ kind: 'analyze-built'; build: BuildPlan }
    | { /** analyze: {path}: a file of each run environment read by `musl-lab check`. */ kind: 'analyze-file'; path: string }
    | { /** No program: a command of the environment (locale -a, ldd --version). */ kind: 'command'; command: string[] }
    | { /** Every environment builds its own program and runs it: one request does both. */ kind: 'compile-and-run'; build: BuildPlan }
    | {
        /** Built (in one environment, or in each), then run or read by `command` ("{program}" is the built file). */
        kind: 'build-then-run';
        build: BuildPlan;
        command?: string[];
      }
  );

export type RunPlanKind = RunPlan['kind'];

/** What every kind of plan carries: the rows, where they run, and what happens around a run. */
interface PlanCommon {
  runIn: EnvName[];
  /** The rows with the step's own expectations (a caller may check the one row against others). */
  rows: VariantSpec[];
  /** On the DNS lab's network: one environment at a time, each with the row's scenario written first. */
  network: boolean;
  /** A crash loop: a failed run is started again after a doubling back-off. */
  restarts?: { count: number; backoffMs: number };
  /** Each crashed environment explained with gdb (needs a program). */
  explain: boolean;
}

/** The plan of a validated step. A shape the schema refuses is a BugError (the step was not validated). */
export function planRun(step: RunnableStep, lesson: Pick<Lesson, 'id'>): RunPlan {
  const common: PlanCommon = {
    runIn: step.runIn,
    rows: variantsOf(step, stepExpect(step)),
    network: !!step.network,
    restarts: step.restarts,
    explain: step.kind === 'experiment' && !!step.explain && !!step.program,
  };
  const toolName = step.build?.command[0] ?? (step.compiler === 'musl-gcc' ? 'musl-gcc' : undefined);
  const build: BuildPlan = { in: step.compileIn, compiler: step.compiler, tool: step.build?.command, output: step.build?.output, toolName };
  if (step.kind === 'experiment' && step.analyze === true) return { ...common, kind: 'analyze-built', build };
  if (step.kind === 'experiment' && typeof step.analyze === 'object') return { ...common, kind: 'analyze-file', path: step.analyze.path };
  const hasProgram = step.kind === 'task' || !!step.program;
  if (!hasProgram) {
    if (!step.command) throw new BugError(`step ${lesson.id}/${step.id} has no program, command or analyze path: it was run without being validated`);
    return { ...common, kind: 'command', command: step.command };
  }
  if (step.command || step.compileIn !== 'each') return { ...common, kind: 'build-then-run', build, command: step.command };
  return { ...common, kind: 'compile-and-run', build };
}
