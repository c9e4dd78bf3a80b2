/**
 * The commands as a user types them: whole processes, medians, interleaved
 * rounds, ratios against a named baseline in the same run (issue 11).
 *   start-up:  --version, --help, bad usage  vs  `node -e 0`      (target <= 2x)
 *   compare:   warm compare hello.c          vs  host gcc + run   (target <= 4x)
 *              warm                          vs  naive docker run pair (target: naive/warm >= 3)
 *              cold (keep-warm off)          vs  naive pair       (target <= 1x)
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { imageTag } from '../src/lab/environments.js';
import { measure, median, report } from './stats.js';

const HELLO = '#include <stdio.h>\nint main(void) { printf("hello\\n"); return 0; }\n';
const rounds = Number(process.env.ROUNDS ?? 10);
const ROOT = path.resolve(import.meta.dirname, '..');
const CLI = path.join(ROOT, 'bin', 'musl-lab.js');
const dir = await mkdtemp(path.join(os.tmpdir(), 'musl-lab-bench-'));
await writeFile(path.join(dir, 'hello.c'), HELLO);
const env = { ...process.env, NO_COLOR: '1', MUSL_LAB_HOME: path.join(dir, 'home') };
const cli = (args: string[], extra: Record<string, string> = {}) => execa('node', [CLI, ...args], { cwd: dir, env: { ...env, ...extra }, reject: false });

const startup = await measure(
  {
    'node -e 0 (baseline)': () => execa('node', ['-e', '0']),
    'musl-lab --version': () => cli(['--version']),
    'musl-lab --help': () => cli(['--help']),
    'musl-lab --bogus (bad usage, exit 2)': () => cli(['--bogus']),
  },
  rounds,
);
console.log(report('start-up, whole process', startup, 'node -e 0 (baseline)'));
const node0 = median(startup['node -e 0 (baseline)']!);
for (const k of ['musl-lab --version', 'musl-lab --help', 'musl-lab --bogus (bad usage, exit 2)']) console.log(`  ${k} / node -e 0 = ${(median(startup[k]!) / node0).toFixed(2)}  (target <= 2)`);

const naive = (e: 'glibc' | 'musl') => execa('docker', ['run', '--rm', '-i', '--network', 'none', imageTag(e), 'sh', '-c', 'cd /tmp && cat > h.c && gcc -Wall -Wextra -o h h.c && ./h'], { input: HELLO });
await cli(['compare', 'hello.c']); // make the warm environments
try {
  const runs = await measure(
    {
      'host: gcc + run (baseline)': () => execa('sh', ['-c', 'gcc -Wall -Wextra -o h hello.c && ./h'], { cwd: dir }),
      'musl-lab compare hello.c, warm': async () => {
        const r = await cli(['compare', 'hello.c']);
        if (r.exitCode !== 0) throw new Error(`compare failed: ${r.stderr}`);
      },
      'naive: docker run --rm per env (parallel)': () => Promise.all([naive('glibc'), naive('musl')]),
      'musl-lab compare hello.c, cold (keep-warm off)': () => cli(['compare', 'hello.c'], { MUSL_LAB_KEEP_WARM: '0' }),
    },
    rounds,
  );
  console.log(report('compare hello.c in glibc and musl, whole process', runs, 'host: gcc + run (baseline)'));
  const m = (k: string) => median(runs[k]!);
  const warm = m('musl-lab compare hello.c, warm');
  const naiveMs = m('naive: docker run --rm per env (parallel)');
  console.log(`  naive / warm = ${(naiveMs / warm).toFixed(2)}  (target >= 3)`);
  console.log(`  warm / host  = ${(warm / m('host: gcc + run (baseline)')).toFixed(2)}  (target <= 4)`);
  console.log(`  cold / naive = ${(m('musl-lab compare hello.c, cold (keep-warm off)') / naiveMs).toFixed(2)}  (target <= 1)`);
} finally {
  await cli(['stop']);
}
