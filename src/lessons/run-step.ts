/**
 * Running one lesson step in the lab and checking it: the same path serves
 * `musl-lab verify`, the tutorial and the lesson check in CI.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { LabError } from '../errors.js';
import { check, passed, type EnvOutcome, type Outcomes, type Verdict } from '../check/checker.js';
import { LABEL } from '../lab/environments.js';
import type { LabSession } from '../lab/session.js';
import { isOnDemand, type OnDemandEnvName } from '../lab/types.js';
import type { Artifact, CallOptions, CompileRequest, CompileResult, EnvName, PhaseListener, RunOutcome, RunRequest, SourceFile } from '../lab/types.js';
import { explainCrash, isCrash } from '../explain/explain.js';
import { analyzeBinary } from './analyze.js';
import { backoffSchedule, failedRun, type Restart } from '../lab/restarts.js';
import type { Lesson } from './load.js';
import { planRun, variantsOf, type BuildPlan, type RunnableStep, type RunPlan, type VariantSpec } from './run-plan.js';
import type { Expectations, Step } from './schema.js';

export type { RunnableStep } from './run-plan.js';
/** Which program of a step ran: an experiment's, a task's solution or starter, or the learner's file. */
export type Which = 'experiment' | 'solution' | 'starter' | 'workspace';

export interface VariantResult {
  id: string;
  label?: string;
  outcomes: Outcomes;
  verdicts: Verdict[];
  passed: boolean;
}

export interface StepResult {
  lesson: string;
  step: string;
  title: string;
  which: Which;
  variants: VariantResult[];
  passed: boolean;
  /** Set when the step does not apply to these images (see onlyWithBuild); nothing ran. */
  notApplicable?: string;
  durationMs: number;
}

/** The on-demand environments these steps build or run in: built on first use (ensureEnvironments). */
export function onDemandEnvs(steps: readonly Step[]): OnDemandEnvName[] {
  const out = new Set<OnDemandEnvName>();
  for (const s of steps) {
    if (s.kind !== 'experiment' && s.kind !== 'task') continue;
    for (const env of [s.compileIn, ...s.runIn]) if (env !== 'each' && isOnDemand(env)) out.add(env);
  }
  return [...out];
}

/** The main program of a step for a given role. */
export function mainSource(lesson: Lesson, step: RunnableStep, which: Which): string | undefined {
  if (step.kind === 'experiment') return step.program;
  return which === 'starter' ? step.starter : step.solution;
}

export interface RunStepOptions {
  which: Which;
  /** The learner's edited program (for which = workspace). */
  main?: SourceFile;
  /** Check against these instead of the step's own (the starter's documented failure). */
  expect?: Expectations;
  now?: () => number;
  /** Told of each environment's phases (queued, compiling, running, done) as they happen. */
  onPhase?: PhaseListener;
  /** Waits between restarts (steps with `restarts`); a real timer unless given. */
  sleep?: (ms: number) => Promise<void>;
  /** Told as each row (variant) of the step starts: its index and how many there are. */
  onRow?: (row: number, rows: number) => void;
  /** Aborted: no further row or restart starts, and the step ends with a 'cancelled' LabError (the lab's cancel ends the run under way). */
  signal?: AbortSignal;
}

/** The run was cancelled by the learner: not a failure of the tool, nothing to record. */
const cancelled = () => new LabError('cancelled', 'The run was cancelled.', 'r runs it again.');

export async function runStep(lab: LabSession, lesson: Lesson, step: RunnableStep, o: RunStepOptions): Promise<StepResult> {
  const now = o.now ?? (() => performance.now());
  const t0 = now();
  const call: CallOptions = { onPhase: o.onPhase, signal: o.signal };
  if (step.kind === 'experiment' && step.onlyWithBuild) {
    for (const env of step.runIn) {
      const build = (await lab.imageLabels(env))[LABEL.build];
      if (build !== step.onlyWithBuild) {
        const notApplicable = `${env} was built ${build ?? 'unknown'}; this step holds for ${step.onlyWithBuild} images`;
        return { lesson: lesson.id, step: step.id, title: step.title, which: o.which, variants: [], passed: true, notApplicable, durationMs: 0 };
      }
    }
  }
  const plan = planRun(step, lesson);

  const read = (f: string): SourceFile => ({ name: f, content: readFileSync(path.join(lesson.srcDir, f)) });
  const mainName = mainSource(lesson, step, o.which);
  const main: SourceFile | undefined = o.main ?? (mainName ? read(mainName) : undefined);

  // A step on the DNS lab's network runs in the environments attached to it (same images, own containers).
  if (plan.network) for (const env of plan.runIn) o.onPhase?.({ env, phase: 'queued', at: now() }); // the network starts first
  const net = plan.network ? await lab.network() : null;
  const run: StepRun = {
    here: net ? net.lab : lab,
    plan,
    step,
    sources: main ? [main, ...step.extraSources.map(read)] : [],
    output: step.build?.output ?? programName(main?.name),
    call,
    now,
    compiles: new Map(),
  };
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const rows = o.expect ? variantsOf(step, o.expect) : plan.rows;
  const variants: VariantResult[] = [];
  for (const [index, v] of rows.entries()) {
    if (o.signal?.aborted) throw cancelled();
    o.onRow?.(index, rows.length);
    const row: Row = { v, again: new Map() };
    const finish = (out: EnvOutcome) => restartLoop(run, row, out, sleep, o.signal);
    let entries: [EnvName, EnvOutcome][];
    if (net && v.network) {
      // One environment at a time: each run gets the scenario afresh, its own query log, and the CPU to itself for its timings.
      entries = [];
      for (const env of plan.runIn) {
        if (o.signal?.aborted) throw cancelled();
        try {
          await net.prepare(env, v.network);
          const out = await runIn(run, row, env);
          // the query log of the first run only; the restarts run before the next environment's scenario is set
          entries.push([env, await finish({ ...out, queries: await net.queries() })]);
        } catch (e) {
          net.markBroken(e); // a client that could not start or answer: the next run gets a new network
          throw e;
        }
      }
    } else {
      entries = await Promise.all(plan.runIn.map(async (env) => [env, await finish(await runIn(run, row, env))] as [EnvName, EnvOutcome]));
    }
    if (o.signal?.aborted) throw cancelled(); // the row's outcomes are the cancel's, not the program's
    if (plan.explain && main) await explainCrashes(run, row, entries);
    const outcomes: Outcomes = Object.fromEntries(entries);
    const verdicts = check(v.expect, outcomes);
    variants.push({ id: v.id, label: v.label, outcomes, verdicts, passed: passed(verdicts) });
  }
  return { lesson: lesson.id, step: step.id, title: step.title, which: o.which, variants, passed: variants.every((v) => v.passed), durationMs: now() - t0 };
}

/** What one run of a step shares across its rows and environments. */
interface StepRun {
  /** The lab the step runs on: the DNS lab's for a step on its network. */
  here: LabSession;
  plan: RunPlan;
  step: RunnableStep;
  /** The main program first, then the step's extra sources; none for a command-only step. */
  sources: SourceFile[];
  output: string;
  call: CallOptions;
  now: () => number;
  /** Builds by environment, flags and build variables: rows that build alike build once. */
  compiles: Map<string, Promise<CompileResult>>;
}

/** One row (variant) of the step. */
interface Row {
  v: VariantSpec;
  /** How to start the same program again in an environment (for restarts): set by the kind that ran one. */
  again: Map<EnvName, () => Promise<RunOutcome>>;
}

/** One environment's outcome for one row, the way the step's plan says. */
function runIn(run: StepRun, row: Row, env: EnvName): Promise<EnvOutcome> {
  const { plan } = run;
  switch (plan.kind) {
    case 'analyze-built':
      return analyzeBuilt(run, row, env, plan.build);
    case 'analyze-file':
      return analyzeFile(run, env, plan.path);
    case 'command':
      return commandOnly(run, row, env, plan.command);
    case 'compile-and-run':
      return compileAndRun(run, row, env, plan.build);
    case 'build-then-run':
      return buildThenRun(run, row, env, plan.build, plan.command);
  }
}

const OK_COMPILE: EnvOutcome['compile'] = { ok: true, exitCode: 0, diagnostics: '' };
const request = (step: RunnableStep, v: VariantSpec): RunRequest => ({ args: v.args, env: v.env, ulimits: v.ulimits, stdin: step.stdin, timeoutMs: step.timeoutMs });
const compileRequest = (run: StepRun, build: BuildPlan, v: VariantSpec): CompileRequest => ({
  sources: run.sources,
  compiler: build.compiler,
  flags: v.flags,
  output: run.output,
  // a step built by another tool (go, rustc, a build script) instead of gcc: its command and variables
  tool: build.tool ? { command: build.tool, env: v.buildEnv } : undefined,
});
const compileInfo = (build: BuildPlan, c: CompileResult): EnvOutcome['compile'] => ({ ok: c.ok, exitCode: c.exitCode, diagnostics: c.diagnostics, ...(build.toolName ? { tool: build.toolName } : {}) });
const buildKey = (env: EnvName, v: VariantSpec) => `${env}\0${v.flags.join('\0')}\0${JSON.stringify(v.buildEnv)}`;
const buildEnvOf = (build: BuildPlan, env: EnvName): EnvName => (build.in === 'each' ? env : build.in);

/** The row's build in an environment, once per environment, flags and build variables. */
function compile(run: StepRun, build: BuildPlan, env: EnvName, v: VariantSpec): Promise<CompileResult> {
  const key = buildKey(env, v);
  let c = run.compiles.get(key);
  if (!c) {
    c = run.here.compile(env, compileRequest(run, build, v), run.call);
    run.compiles.set(key, c);
  }
  return c;
}

/** A report of `musl-lab check` on a binary, as the run's outcome: the report is stdout, the verdict the exit status. */
async function analysis(run: StepRun, env: EnvName, name: string, bytes: Buffer, startedAt: number): Promise<RunOutcome> {
  const r = await analyzeBinary(name, bytes);
  return { env, exitCode: r.exitCode, signal: null, stdout: r.stdout, stderr: '', timedOut: false, truncated: false, durationMs: run.now() - startedAt, command: ['musl-lab', 'check', name] };
}

async function analyzeBuilt(run: StepRun, row: Row, env: EnvName, build: BuildPlan): Promise<EnvOutcome> {
  run.call.onPhase?.({ env, phase: 'running', at: run.now() });
  const t = run.now();
  const c = await compile(run, build, buildEnvOf(build, env), row.v);
  if (!c.artifact) return { env, compile: compileInfo(build, c) };
  const outcome = await analysis(run, env, c.artifact.name, await run.here.readFile(c.artifact.builtIn, c.artifact.path), t);
  run.call.onPhase?.({ env, phase: 'done', at: run.now(), outcome });
  return { env, compile: compileInfo(build, c), run: outcome };
}

async function analyzeFile(run: StepRun, env: EnvName, file: string): Promise<EnvOutcome> {
  run.call.onPhase?.({ env, phase: 'running', at: run.now() });
  const t = run.now();
  const outcome = await analysis(run, env, path.basename(file), await run.here.readFile(env, file), t);
  run.call.onPhase?.({ env, phase: 'done', at: run.now(), outcome });
  return { env, compile: OK_COMPILE, run: outcome };
}

async function commandOnly(run: StepRun, row: Row, env: EnvName, command: string[]): Promise<EnvOutcome> {
  const start = () => run.here.command(env, command, request(run.step, row.v), run.call);
  row.again.set(env, start);
  return { env, compile: OK_COMPILE, run: await start() };
}

async function compileAndRun(run: StepRun, row: Row, env: EnvName, build: BuildPlan): Promise<EnvOutcome> {
  const { here, call } = run;
  const key = buildKey(env, row.v);
  if (run.compiles.has(key)) return buildThenRun(run, row, env, build); // an earlier row built the same program here
  // Built and run here once: one request does both.
  const req = request(run.step, row.v);
  const both = await here.compileAndRun(env, compileRequest(run, build, row.v), req, call);
  run.compiles.set(key, Promise.resolve(both.compile));
  const built = both.compile.artifact;
  if (built) row.again.set(env, () => here.run(env, built, req, call));
  return { env, compile: compileInfo(build, both.compile), run: both.run };
}

async function buildThenRun(run: StepRun, row: Row, env: EnvName, build: BuildPlan, command?: string[]): Promise<EnvOutcome> {
  const { here, call } = run;
  const c = await compile(run, build, buildEnvOf(build, env), row.v);
  if (!c.artifact) return { env, compile: compileInfo(build, c) };
  const artifact = c.artifact;
  const req = request(run.step, row.v);
  // moved into this environment once: a restart starts the same file again, as a kubelet restarts the same image
  let placed: Promise<Artifact> | undefined;
  const start = async () => {
    placed ??= here.transfer(artifact, env);
    const a = await placed;
    return command ? runCommand(here, env, a, command, req, call) : here.run(env, a, req, call);
  };
  row.again.set(env, start);
  return { env, compile: compileInfo(build, c), run: await start() };
}

/** A crash loop (steps with `restarts`): start a failed program again after a doubling back-off, as a kubelet would. */
async function restartLoop(run: StepRun, row: Row, out: EnvOutcome, sleep: (ms: number) => Promise<void>, signal?: AbortSignal): Promise<EnvOutcome> {
  const start = row.again.get(out.env);
  const plan = run.plan.restarts;
  if (!plan || !start || !out.run) return out;
  const restarts: Restart[] = [];
  let last: RunOutcome = out.run;
  const schedule = backoffSchedule(plan);
  for (const [i, wait] of schedule.entries()) {
    if (!failedRun(last) || signal?.aborted) break;
    await sleep(wait.labMs);
    if (signal?.aborted) break;
    last = await start();
    restarts.push({ n: i + 1, of: schedule.length, kubeletBackoffS: wait.kubeletS, waitedMs: wait.labMs, run: last });
  }
  return { ...out, restarts };
}

/** "Why did it crash?" as evidence: each crashed environment, one after the other (gdb is heavy). */
async function explainCrashes(run: StepRun, row: Row, entries: [EnvName, EnvOutcome][]): Promise<void> {
  const { step } = run;
  for (const [env, out] of entries) {
    if (!isCrash(out.run)) continue;
    const buildIn = step.compileIn === 'each' ? env : step.compileIn;
    out.explanation = await explainCrash(run.here, env, { sources: run.sources, compiler: step.compiler, flags: row.v.flags, run: request(step, row.v), stderr: out.run!.stderr, buildIn });
  }
}

async function runCommand(lab: LabSession, env: EnvName, artifact: Artifact, command: string[], req: RunRequest, call: CallOptions) {
  const here = await lab.transfer(artifact, env);
  return lab.command(env, command.map((w) => w.replaceAll('{program}', here.path)), req, call);
}

/** "thread-crash.c" -> "thread-crash": the binary keeps the program's name, as a learner would build it. */
function programName(file: string | undefined): string {
  return (file ?? 'prog').replace(/\.[^.]+$/, '') || 'prog';
}
