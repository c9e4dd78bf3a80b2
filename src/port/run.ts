/**
 * `musl-lab port`'s work: the project and the script go to both environments
 * in one lab request each (the script is the request's build, so the lab's
 * sandbox and limits apply), and the logs come back as data. A step that
 * fails is an outcome; only the lab failing is an error.
 */
import { classify, type Cause } from '../explain/classify.js';
import { type Frame, parseGdbReport } from '../explain/gdb-report.js';
import { LABEL } from '../lab/environments.js';
import type { LabSession } from '../lab/session.js';
import type { EnvName } from '../lab/types.js';
import type { Plan, StepPhase } from './plan.js';
import { packProject, type Project, unpackLogs } from './project.js';
import { LOGS_TAR, PROJECT_TAR, portScript, SCRIPT, SHELL_WRAPPER, shellWrapper } from './script.js';

/** The wall-clock budget of one environment's whole build and test (minutes, not seconds: real projects). */
export const PORT_BUDGET_MS = 10 * 60_000;
export const PORT_BUDGET_MAX_MS = 60 * 60_000;

export interface StepRun {
  n: number;
  phase: StepPhase | 'run';
  command: string;
  exitCode: number;
  seconds: number;
  /** Everything the step printed (stdout and stderr together, in order), exactly. */
  output: string;
}

export interface CrashRun {
  /** The recipe line that died, its folder, and its status (128 + signal). */
  command: string;
  dir: string;
  status: number;
  /** What gdb showed when it ran again (null: it was not a simple ./program command, or gdb saw no crash). */
  cause: Cause | null;
  signal: string | null;
  frames: Frame[];
  gdb: string | null;
}

export interface PortSide {
  env: EnvName;
  libc?: string;
  steps: StepRun[];
  crashes: CrashRun[];
  /** The whole run hit the budget: the steps after the last log did not finish. */
  timedOut: boolean;
  /** The archive could not be unpacked, or the logs never came back: what the script printed. */
  failure?: string;
  /** Tools of the plan this environment does not have (nothing ran). */
  needs: string[];
  notes: string[];
  durationMs: number;
}

export interface PortRequest {
  project: Project;
  plan: Plan;
  envs: [EnvName, EnvName];
  budgetMs?: number;
}

const text = (b: Buffer | undefined) => (b ? b.toString('utf8') : '');

/** Read the logs the script left: NN.phase.{cmd,log,rc}, crashes/*.crash and *.gdb. */
export function readLogs(logs: Map<string, Buffer>, sources: string[]): Pick<PortSide, 'steps' | 'crashes' | 'notes' | 'failure' | 'needs'> {
  const steps: StepRun[] = [];
  for (const [name, content] of logs) {
    const m = /^logs\/(\d+)\.(configure|build|test|run)\.rc$/.exec(name);
    if (!m) continue;
    const [rc, secs] = text(content).trim().split(/\s+/).map(Number);
    const base = `logs/${m[1]}.${m[2]}`;
    // the command as planned: without the SHELL= that notes crashes during tests
    const command = text(logs.get(`${base}.cmd`)).trim().replace(/ SHELL=\S*port-shell\.sh$/, '');
    steps.push({ n: Number(m[1]), phase: m[2] as StepRun['phase'], command, exitCode: rc ?? -1, seconds: secs ?? 0, output: text(logs.get(`${base}.log`)) });
  }
  steps.sort((a, b) => a.n - b.n);
  const crashes: CrashRun[] = [];
  for (const [name, content] of logs) {
    const m = /^(logs\/crashes\/[^/]+)\.crash$/.exec(name);
    if (!m) continue;
    const [status = '', dir = '', ...line] = text(content).split('\n');
    const gdb = logs.get(`${m[1]}.gdb`);
    const report = gdb ? parseGdbReport(text(gdb)) : null;
    const crashed = report?.signal ? report : null;
    crashes.push({
      command: line.join('\n').trim(),
      dir: dir.replace(/^.*?\/project\/?/, './'),
      status: Number(status),
      cause: crashed ? classify(crashed, { sources, stderr: '' }) : null,
      signal: crashed?.signal ?? null,
      frames: crashed?.frames ?? [],
      gdb: gdb ? text(gdb) : null,
    });
  }
  const notes = logs.has('logs/env.note') ? [`used ${text(logs.get('logs/env.note')).trim()} (busybox's ar cannot build every archive)`] : [];
  const failure = logs.has('logs/unpack.failed') ? `the project could not be unpacked: ${text(logs.get('logs/unpack.log')).trim()}` : undefined;
  const needs = text(logs.get('logs/needs')).split('\n').filter(Boolean);
  return { steps, crashes, notes, failure, needs };
}

/** Build and test in both environments at once. */
export async function portProject(lab: LabSession, req: PortRequest): Promise<[PortSide, PortSide]> {
  const archive = await packProject(req.project);
  const sources = req.project.files.filter((f) => /\.[ch]$/.test(f.name)).map((f) => f.name.slice(f.name.lastIndexOf('/') + 1));
  const script = portScript(req.plan);
  const budget = req.budgetMs ?? PORT_BUDGET_MS;
  return (await Promise.all(
    req.envs.map(async (env): Promise<PortSide> => {
      const t0 = performance.now();
      const [labels, build] = await Promise.all([
        lab.imageLabels(env),
        lab.compile(env, {
          sources: [{ name: PROJECT_TAR, content: archive }, { name: SCRIPT, content: script }, { name: SHELL_WRAPPER, content: shellWrapper() }],
          tool: { command: ['sh', SCRIPT] },
          output: LOGS_TAR,
          timeoutMs: budget,
        }),
      ]);
      const libc = labels[LABEL.libc] ? `${labels[LABEL.libc]} ${labels[LABEL.libcVersion] ?? ''}`.trim() : undefined;
      const side: PortSide = { env, libc, steps: [], crashes: [], timedOut: build.timedOut, notes: [], needs: [], durationMs: 0 };
      if (build.artifact) {
        const logs = await unpackLogs(await lab.readFile(env, build.artifact.path));
        Object.assign(side, readLogs(logs, sources));
      } else {
        // killed at the budget (or the script itself failed): say how far it got, from its @@ markers
        const last = [...build.diagnostics.matchAll(/^@@ (\d+) (\w+)$/gm)].at(-1);
        side.failure = build.timedOut
          ? `the build and test did not finish within ${Math.round(budget / 60_000)} minutes${last ? ` (it was in step ${last[1]}, ${last[2]})` : ''}`
          : `the port script failed: ${build.diagnostics.split('\n').slice(-3).join(' ')}`;
      }
      side.durationMs = performance.now() - t0;
      return side;
    }),
  )) as [PortSide, PortSide];
}
