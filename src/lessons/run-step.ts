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
import type { Artifact, BuildTool, CallOptions, CompileResult, DnsScenario, EnvName, PhaseListener, RunOutcome, RunRequest, SourceFile } from '../lab/types.js';
import { explainCrash, isCrash } from '../explain/explain.js';
import { analyzeBinary } from './analyze.js';
import { backoffSchedule, failedRun, type Restart } from '../lab/restarts.js';
import type { Lesson } from './load.js';
import type { ExperimentStep, Expectations, Step, TaskStep } from './schema.js';

export type RunnableStep = ExperimentStep | TaskStep;
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
  const expect = o.expect ?? (step.kind === 'task' ? step.expect : step.expect ?? { relations: [] });
  const read = (f: string): SourceFile => ({ name: f, content: readFileSync(path.join(lesson.srcDir, f)) });
  const mainName = mainSource(lesson, step, o.which);
  const main: SourceFile | undefined = o.main ?? (mainName ? read(mainName) : undefined);
  const sources = main ? [main, ...step.extraSources.map(read)] : [];

  // A step on the DNS lab's network runs in the environments attached to it (same images, own containers).
  if (step.network) for (const env of step.runIn) o.onPhase?.({ env, phase: 'queued', at: now() }); // the network starts first
  const net = step.network ? await lab.network() : null;
  const here: LabSession = net ? net.lab : lab;

  const compiles = new Map<string, Promise<CompileResult>>();
  // A step built by another tool (go, rustc, a build script) instead of gcc: its command and variables.
  const tool = (v: VariantSpec): BuildTool | undefined => (step.build ? { command: step.build.command, env: v.buildEnv } : undefined);
  const output = step.build?.output ?? programName(main?.name);
  // what the checker names as the compiler: the build tool, musl-gcc, or (unnamed) gcc
  const toolName = step.build?.command[0] ?? (step.compiler === 'musl-gcc' ? 'musl-gcc' : undefined);
  const info = (c: CompileResult) => ({ ok: c.ok, exitCode: c.exitCode, diagnostics: c.diagnostics, ...(toolName ? { tool: toolName } : {}) });
  const buildKey = (env: EnvName, v: VariantSpec) => `${env}\0${v.flags.join('\0')}\0${JSON.stringify(v.buildEnv)}`;
  const compile = (env: EnvName, v: VariantSpec) => {
    const key = buildKey(env, v);
    let c = compiles.get(key);
    if (!c) {
      c = here.compile(env, { sources, compiler: step.compiler, flags: v.flags, output, tool: tool(v) }, call);
      compiles.set(key, c);
    }
    return c;
  };

  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const variants: VariantResult[] = [];
  const specs = variantsOf(step, expect);
  const aborted = () => o.signal?.aborted === true;
  for (const [row, v] of specs.entries()) {
    if (o.signal?.aborted) throw cancelled();
    o.onRow?.(row, specs.length);
    /** How to start the same program again in an environment (for restarts): set by runIn when it ran one. */
    const again = new Map<EnvName, () => Promise<RunOutcome>>();
    const runIn = async (env: EnvName): Promise<[EnvName, EnvOutcome]> => {
      const req: RunRequest = { args: v.args, env: v.env, ulimits: v.ulimits, stdin: step.stdin, timeoutMs: step.timeoutMs };
      if (step.kind === 'experiment' && step.analyze) {
        o.onPhase?.({ env, phase: 'running', at: now() });
        const t = now();
        let compileInfo: EnvOutcome['compile'] = { ok: true, exitCode: 0, diagnostics: '' };
        let name: string;
        let bytes: Buffer;
        if (step.analyze === true) {
          const c = await compile(step.compileIn === 'each' ? env : step.compileIn, v);
          compileInfo = info(c);
          if (!c.artifact) return [env, { env, compile: compileInfo }];
          name = c.artifact.name;
          bytes = await here.readFile(c.artifact.builtIn, c.artifact.path);
        } else {
          name = path.basename(step.analyze.path);
          bytes = await here.readFile(env, step.analyze.path);
        }
        const r = await analyzeBinary(name, bytes);
        const run = { env, exitCode: r.exitCode, signal: null, stdout: r.stdout, stderr: '', timedOut: false, truncated: false, durationMs: now() - t, command: ['musl-lab', 'check', name] };
        o.onPhase?.({ env, phase: 'done', at: now(), outcome: run });
        return [env, { env, compile: compileInfo, run }];
      }
      if (!main) {
        again.set(env, () => here.command(env, step.command!, req, call));
        const run = await here.command(env, step.command!, req, call);
        return [env, { env, compile: { ok: true, exitCode: 0, diagnostics: '' }, run }];
      }
      if (step.compileIn === 'each' && !step.command && !compiles.has(buildKey(env, v))) {
        // Built and run here once: one request does both.
        const both = await here.compileAndRun(env, { sources, compiler: step.compiler, flags: v.flags, output, tool: tool(v) }, req, call);
        compiles.set(buildKey(env, v), Promise.resolve(both.compile));
        const built = both.compile.artifact;
        if (built) again.set(env, () => here.run(env, built, req, call));
        return [env, { env, compile: info(both.compile), run: both.run }];
      }
      const c = await compile(step.compileIn === 'each' ? env : step.compileIn, v);
      const compileInfo = info(c);
      if (!c.artifact) return [env, { env, compile: compileInfo }];
      const artifact = c.artifact;
      // moved into this environment once: a restart starts the same file again, as a kubelet restarts the same image
      let placed: Promise<Artifact> | undefined;
      const start = async () => {
        placed ??= here.transfer(artifact, env);
        const a = await placed;
        return step.command ? runCommand(here, env, a, step.command, req, call) : here.run(env, a, req, call);
      };
      again.set(env, start);
      const run = await start();
      return [env, { env, compile: compileInfo, run }];
    };
    /** A crash loop (steps with `restarts`): start a failed program again after a doubling back-off, as a kubelet would. */
    const restartLoop = async (out: EnvOutcome): Promise<EnvOutcome> => {
      const start = again.get(out.env);
      if (!step.restarts || !start || !out.run) return out;
      const restarts: Restart[] = [];
      let last: RunOutcome = out.run;
      const schedule = backoffSchedule(step.restarts);
      for (const [i, wait] of schedule.entries()) {
        if (!failedRun(last) || o.signal?.aborted) break;
        await sleep(wait.labMs);
        if (o.signal?.aborted) break;
        last = await start();
        restarts.push({ n: i + 1, of: schedule.length, kubeletBackoffS: wait.kubeletS, waitedMs: wait.labMs, run: last });
      }
      return { ...out, restarts };
    };
    let entries: [EnvName, EnvOutcome][];
    if (net && v.network) {
      // One environment at a time: each run gets the scenario afresh, its own query log, and the CPU to itself for its timings.
      entries = [];
      for (const env of step.runIn) {
        if (aborted()) throw cancelled();
        try {
          await net.prepare(env, v.network);
          const [e, o] = await runIn(env);
          // the query log of the first run only; the restarts run before the next environment's scenario is set
          const first: EnvOutcome = { ...o, queries: await net.queries() };
          entries.push([e, await restartLoop(first)]);
        } catch (e) {
          net.markBroken(e); // a client that could not start or answer: the next run gets a new network
          throw e;
        }
      }
    } else {
      entries = await Promise.all(step.runIn.map(async (env) => {
        const [e, out] = await runIn(env);
        return [e, await restartLoop(out)] as [EnvName, EnvOutcome];
      }));
    }
    if (o.signal?.aborted) throw cancelled(); // the row's outcomes are the cancel's, not the program's
    if (step.kind === 'experiment' && step.explain && main) {
      // "Why did it crash?" as evidence: each crashed environment, one after the other (gdb is heavy)
      for (const [env, out] of entries) {
        if (!isCrash(out.run)) continue;
        const buildIn = step.compileIn === 'each' ? env : step.compileIn;
        const req: RunRequest = { args: v.args, env: v.env, ulimits: v.ulimits, stdin: step.stdin, timeoutMs: step.timeoutMs };
        out.explanation = await explainCrash(here, env, { sources, compiler: step.compiler, flags: v.flags, run: req, stderr: out.run!.stderr, buildIn });
      }
    }
    const outcomes: Outcomes = Object.fromEntries(entries);
    const verdicts = check(v.expect, outcomes);
    variants.push({ id: v.id, label: v.label, outcomes, verdicts, passed: passed(verdicts) });
  }
  return {
    lesson: lesson.id,
    step: step.id,
    title: step.title,
    which: o.which,
    variants,
    passed: variants.every((v) => v.passed),
    durationMs: now() - t0,
  };
}

async function runCommand(lab: LabSession, env: EnvName, artifact: Artifact, command: string[], req: RunRequest, call: CallOptions) {
  const here = await lab.transfer(artifact, env);
  return lab.command(env, command.map((w) => w.replaceAll('{program}', here.path)), req, call);
}

/** "thread-crash.c" -> "thread-crash": the binary keeps the program's name, as a learner would build it. */
function programName(file: string | undefined): string {
  return (file ?? 'prog').replace(/\.[^.]+$/, '') || 'prog';
}
