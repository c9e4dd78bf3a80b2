import path from 'node:path';
import { compareProgram } from '../../compare/compare.js';
import { EXIT, LabError } from '../../errors.js';
import { MAX_PROGRAM_WORDS, STACK_KIB_MAX, TIMEOUT_MS_MAX, envNameProblem, parseStackKiB, parseTimeoutMs } from '../../lab/program-options.js';
import { LIMITS } from '../../lab/limits.js';
import { isEnvName, type EnvName, type PhaseEvent, type SourceFile } from '../../lab/types.js';
import { readInputFile } from '../../util/read-input.js';
import type { Context } from '../context.js';

export interface CompareOptions {
  flags?: string;
  json?: boolean;
  stdin?: string;
  env?: string[];
  set?: string[];
  stack?: string;
  timeout?: string;
  /** Explain each side that crashed (gdb). */
  explain?: boolean;
  /** Run under strace in both environments instead, and show the calls side by side. */
  trace?: boolean;
}

export async function compareCommand(ctx: Context, files: string[], args: string[], o: CompareOptions): Promise<number> {
  const words = files.length + args.length + (o.set?.length ?? 0);
  if (words > MAX_PROGRAM_WORDS) {
    throw new LabError('bad-input', `${files.length} files, ${args.length} arguments and ${o.set?.length ?? 0} variables are ${words} in all; compare takes at most ${MAX_PROGRAM_WORDS}.`, 'Give fewer files or arguments (a program that needs many can read them from --stdin).');
  }
  const sources: SourceFile[] = [];
  for (const f of files) {
    if (!/\.(c|h)$/.test(f)) throw new LabError('bad-input', `${f} is not a C file.`, 'Give one or more .c files, e.g. `musl-lab compare hello.c`.');
    sources.push({ name: path.basename(f), content: await readInputFile(f, 'the source') });
  }
  const envs = (o.env?.length ? o.env : ['glibc', 'musl']) as string[];
  if (envs.length !== 2 || !envs.every(isEnvName)) {
    throw new LabError('bad-input', `--env takes two of glibc, musl, musl-gcompat (got ${envs.join(', ')}).`, 'For example: `--env glibc --env musl-gcompat`.');
  }
  const environment: Record<string, string> = {};
  for (const kv of o.set ?? []) {
    const i = kv.indexOf('=');
    const problem = i <= 0 ? 'it has no NAME= part' : envNameProblem(kv.slice(0, i));
    if (problem) throw new LabError('bad-input', `--set expects NAME=VALUE for the program, got "${kv}": ${problem}.`, 'For example: `--set LANG=de_DE.UTF-8`.');
    environment[kv.slice(0, i)] = kv.slice(i + 1);
  }
  let stackKiB: number | 'unlimited' | undefined;
  if (o.stack !== undefined) {
    stackKiB = parseStackKiB(o.stack) ?? undefined;
    if (stackKiB === undefined) throw new LabError('bad-input', `--stack takes a whole number of KiB from 1 to ${STACK_KIB_MAX} (all of x86-64's address space), or "unlimited"; got "${o.stack}".`, 'For example: `--stack 1024` (like `ulimit -s 1024`).');
  }
  let timeoutMs: number | undefined;
  if (o.timeout !== undefined) {
    timeoutMs = parseTimeoutMs(o.timeout) ?? undefined;
    if (timeoutMs === undefined) throw new LabError('bad-input', `--timeout takes seconds from 0.001 to ${TIMEOUT_MS_MAX / 1000}, got "${o.timeout}".`, 'For example: `--timeout 5` or `--timeout 0.5`.');
  }
  const stdin = o.stdin !== undefined ? await readInputFile(o.stdin, 'the --stdin file') : undefined;

  if (o.trace && o.explain) throw new LabError('bad-input', '--trace and --explain are two different looks at a run.', 'Use one at a time: `--explain` for a crash, `--trace` for the system calls.');
  const lab = await ctx.lab({ warm: true });
  const request = {
    sources,
    flags: o.flags ? o.flags.split(/\s+/).filter(Boolean) : [],
    envs: envs as [EnvName, EnvName],
    run: { args, stdin, env: environment, ulimits: stackKiB !== undefined ? { stackKiB } : undefined, timeoutMs },
  };
  if (o.trace) return (await import('./compare-extras.js')).traceCommand(ctx, lab, request, o.json === true);
  // The printing code loads while gcc runs in the environments: once both requests are on their way,
  // so loading it (CPU-bound) never holds back the engine calls that must go first.
  let compiling = 0;
  let sent!: () => void;
  const bothSent = new Promise<void>((r) => (sent = r));
  const unlisten = lab.onPhase((e) => {
    if (e.phase === 'compiling' && ++compiling === request.envs.length) sent();
  });
  const running = compareProgram(lab, request);
  running.catch(() => undefined); // its failure is awaited below; until then it must not count as unhandled
  // a program that runs on silently (a loop) must not look like a hung tool: say so on a terminal, never in a pipe
  const progress = ctx.stderr.isTTY ? runProgress(lab, ctx.stderr, request.envs, timeoutMs ?? LIMITS.runTimeoutMs) : () => undefined;
  await Promise.race([bothSent, running.then(() => undefined, () => undefined)]);
  unlisten();
  const view = await import('../../compare/view.js');
  const result = await running.finally(progress);
  // the Unicode width tables only for output that needs them (most programs print ASCII)
  if (!o.json) await (await import('../../term/wide-text.js')).loadWideText([JSON.stringify(result)]);
  if (o.explain) await (await import('./compare-extras.js')).printWithExplanations(ctx, lab, request, result, o.json === true);
  else {
    // a difference is diagnosed: which known root cause, the line that shows it, the fix, the lesson
    const causes = result.differences.length ? (await import('../../compare/causes.js')).diagnoseComparison(result, sources) : [];
    if (o.json) ctx.stdout.write(JSON.stringify(view.comparisonJson(result, causes), null, 2) + '\n');
    else ctx.stdout.write(view.renderComparison(result, ctx.style, ctx.stdout.columns ?? 100, causes));
  }
  // a build that failed on both sides is not a success: nothing ran to be the same
  return result.differences.length || view.neitherCompiled(result) ? EXIT.differs : EXIT.ok;
}

/**
 * One line on stderr (a terminal only) while the program runs longer than a second:
 * "musl-lab: running in glibc and musl... 4 s (limit 10 s)", redrawn each second and
 * erased when the run ends. Returns the function that ends it.
 */
function runProgress(lab: { onPhase: (l: (e: PhaseEvent) => void) => () => void }, err: Context['stderr'], envs: EnvName[], limitMs: number): () => void {
  const phase = new Map<EnvName, string>();
  const unlisten = lab.onPhase((e) => void phase.set(e.env, e.phase));
  const t0 = Date.now();
  let shown = false;
  const tick = setInterval(() => {
    const secs = Math.floor((Date.now() - t0) / 1000);
    const busy = envs.filter((e) => phase.get(e) !== 'done');
    if (secs < 1 || !busy.length) return;
    const what = busy.every((e) => phase.get(e) === 'running') ? 'running' : 'building and running';
    err.write(`\r\x1b[2Kmusl-lab: ${what} in ${busy.join(' and ')}... ${secs} s (limit ${Math.round(limitMs / 1000)} s; Ctrl-C stops)`);
    shown = true;
  }, 250);
  tick.unref?.();
  return () => {
    clearInterval(tick);
    unlisten();
    if (shown) err.write('\r\x1b[2K');
  };
}
