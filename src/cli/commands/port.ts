/**
 * `musl-lab port [DIR] [-- COMMAND ...]`: build and test a whole project in a
 * glibc and a musl environment, show where each stopped, and explain every
 * failure one environment had and the other did not by its root cause.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { catalogue } from '../../causes/load.js';
import { EXIT, LabError } from '../../errors.js';
import { LIMITS } from '../../lab/limits.js';
import type { EnvName } from '../../lab/types.js';
import { dataDir } from '../../util/data-dir.js';
import { portFindings } from '../../port/findings.js';
import { choosePlan } from '../../port/plan.js';
import { PROJECT_MAX_BYTES, readProject } from '../../port/project.js';
import { PORT_BUDGET_MAX_MS, PORT_BUDGET_MS, portProject, type PortSide } from '../../port/run.js';
import { portJson, renderPort, type PortLimits } from '../../port/view.js';
import type { Context } from '../context.js';

export interface PortOptions {
  json?: boolean;
  /** Minutes per environment. */
  timeout?: string;
}

/** Each step's output as files: <data>/port/<time>-<project>/<env>/<n>-<phase>.log (and crash-N.gdb). */
async function saveLogs(env: NodeJS.ProcessEnv, project: string, sides: PortSide[], now = new Date()): Promise<string> {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, '').replace('T', '-');
  const dir = path.join(dataDir(env), 'port', `${stamp}-${path.basename(path.resolve(project)) || 'project'}`);
  for (const s of sides) {
    const d = path.join(dir, s.env);
    await mkdir(d, { recursive: true });
    for (const step of s.steps) await writeFile(path.join(d, `${step.n}-${step.phase}.log`), `$ ${step.command}\n${step.output}`);
    for (const [i, c] of s.crashes.entries()) if (c.gdb) await writeFile(path.join(d, `crash-${i + 1}.gdb.txt`), `$ ${c.command}  (in ${c.dir})\n${c.gdb}`);
  }
  return dir;
}

export async function portCommand(ctx: Context, dir: string | undefined, command: string[], o: PortOptions): Promise<number> {
  let budgetMs = PORT_BUDGET_MS;
  if (o.timeout !== undefined) {
    const min = Number(o.timeout);
    if (!(min > 0 && min * 60_000 <= PORT_BUDGET_MAX_MS)) throw new LabError('bad-input', `--timeout takes minutes from 0 to ${PORT_BUDGET_MAX_MS / 60_000}, got "${o.timeout}".`, 'For example: `--timeout 20`.');
    budgetMs = min * 60_000;
  }
  const root = dir ?? '.';
  const project = await readProject(root);
  const plan = choosePlan(project.top, project.makefile, command);
  if (plan.steps.length === 0) {
    throw new LabError('bad-input', `musl-lab cannot tell how to build ${root}: ${plan.because}.`, 'Give the command after --, e.g. `musl-lab port . -- sh build.sh`.');
  }
  const limits: PortLimits = { budgetMs, projectMaxBytes: PROJECT_MAX_BYTES, labDiskBytes: LIMITS.labDiskBytes, tmpDiskBytes: LIMITS.tmpDiskBytes, memoryBytes: LIMITS.memoryBytes, cpus: LIMITS.nanoCpus / 1e9 };
  const envs: [EnvName, EnvName] = ['glibc', 'musl'];
  if (!o.json) ctx.stderr.write(`port: ${plan.system} (${plan.because}): ${plan.steps.map((s) => s.command.replace('{target}', s.targets?.join(' or ') ?? '')).join(', then ')}\n`);
  // cold environments: a project's build is big, and they go away (with everything in them) when port ends or is interrupted
  const lab = await ctx.lab({ warm: false });
  const t0 = Date.now();
  const done = new Set<string>();
  const unlisten = lab.onPhase((e) => {
    if (e.phase === 'done') done.add(e.env);
  });
  const tty = !o.json && ctx.stderr.isTTY;
  const progress = () => {
    const s = Math.round((Date.now() - t0) / 1000);
    const line = envs.map((e) => `${e}: ${done.has(e) ? 'done' : 'building and testing'}`).join('  ');
    ctx.stderr.write(tty ? `\r${line}  ${s} s ` : `${line}  ${s} s\n`);
  };
  const timer = setInterval(progress, tty ? 1000 : 30_000);
  let sides: [PortSide, PortSide];
  try {
    sides = await portProject(lab, { project, plan, envs, budgetMs });
  } finally {
    clearInterval(timer);
    unlisten();
    if (tty) ctx.stderr.write('\r\x1b[K');
  }
  const lacking = sides.filter((s) => s.needs.length);
  if (lacking.length) {
    const what = lacking.map((s) => `${s.needs.join(' and ')} in the ${s.env} environment`).join(', ');
    throw new LabError('missing-tool', `${root} is a ${plan.system} project (${plan.because}), and it needs ${what}, which the lab does not have: no verdict about musl can be given.`, 'Give a command that builds it with make or sh after --, e.g. `musl-lab port . -- make`.');
  }
  const result = portFindings(catalogue(), project, sides);
  const saved = await saveLogs(ctx.env, root, sides).catch(() => undefined);
  if (o.json) ctx.stdout.write(JSON.stringify(portJson(result, plan, root, limits, saved), null, 2) + '\n');
  else ctx.stdout.write(renderPort(result, plan, root, limits, ctx.style, ctx.stdout.columns ?? 100, saved));
  return result.differ ? EXIT.differs : EXIT.ok;
}
