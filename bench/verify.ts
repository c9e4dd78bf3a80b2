/**
 * `npx tsx bench/verify.ts [--lesson ID ...]`: how close `verify` comes to the machine's limit.
 * The yardstick is the work itself: the sum of every step's time when the steps
 * run one after another (verify --jobs 1, which reports each step's duration),
 * divided by the cores. `verify` with its default jobs is timed as a whole
 * process in the same run. Target (issue 11): within 1.3x of that yardstick.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { execa } from 'execa';

const { values } = parseArgs({ options: { lesson: { type: 'string', multiple: true } } });
const ROOT = path.resolve(import.meta.dirname, '..');
const cores = os.availableParallelism();
const only = (values.lesson ?? []).flatMap((l) => ['--lesson', l]);

async function verify(jobs: string[]): Promise<{ wallMs: number; stepsMs: number; checks: number; failed: number }> {
  const out = await mkdtemp(path.join(os.tmpdir(), 'musl-lab-bench-verify-'));
  const t0 = performance.now();
  const r = await execa('node', [path.join(ROOT, 'bin/musl-lab.js'), 'verify', '--out', out, ...jobs, ...only], { reject: false, env: { NO_COLOR: '1' } });
  const wallMs = performance.now() - t0;
  if (r.exitCode !== 0 && r.exitCode !== 1) throw new Error(`verify failed (exit ${r.exitCode}): ${r.stderr.slice(-500)}`);
  const report = JSON.parse(await readFile(path.join(out, 'verify.json'), 'utf8')) as { lessons: { checks: { result: { durationMs: number; step: string; which: string } }[] }[]; summary: { checks: number; failed: number } };
  // one step run can back several checks (the starter's): count each run once
  const runs = new Map<string, number>();
  for (const l of report.lessons) for (const c of l.checks) runs.set(`${c.result.step}/${c.result.which}/${c.result.durationMs}`, c.result.durationMs);
  return { wallMs, stepsMs: [...runs.values()].reduce((a, b) => a + b, 0), checks: report.summary.checks, failed: report.summary.failed };
}

const sequential = await verify(['--jobs', '1']);
const parallel = await verify([]);
const yardstick = sequential.stepsMs / cores;
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
console.log(`verify${only.length ? ` ${only.join(' ')}` : ' (all lessons)'} on ${cores} cores`);
console.log(`  one step at a time (--jobs 1)      wall ${s(sequential.wallMs)}, steps' own time ${s(sequential.stepsMs)} (${sequential.checks} checks, ${sequential.failed} failed)`);
console.log(`  yardstick: steps' time / ${cores} cores   ${s(yardstick)}  (baseline)`);
console.log(`  default jobs                        wall ${s(parallel.wallMs)} (${parallel.checks} checks, ${parallel.failed} failed)   x${(parallel.wallMs / yardstick).toFixed(2)}   target <= 1.3: ${parallel.wallMs / yardstick <= 1.3 ? 'met' : 'NOT met'}`);
console.log(`  --jobs 1 against the yardstick      x${(sequential.wallMs / yardstick).toFixed(2)}`);
