/**
 * `musl-lab compare` of a hello program in both environments with warm
 * containers, against the naive way (one `docker run --rm` per environment
 * that compiles and runs) and against gcc on the host. Targets (issue 2):
 * naive / warm >= 5, warm / host <= 3.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { compareProgram } from '../src/compare/compare.js';
import { DockerEngine } from '../src/engine/client.js';
import { imageTag } from '../src/lab/environments.js';
import { Lab } from '../src/lab/sandbox.js';
import { measure, median, report } from './stats.js';

const HELLO = '#include <stdio.h>\nint main(void) { printf("hello\\n"); return 0; }\n';
const rounds = Number(process.env.ROUNDS ?? 10);

const lab = new Lab({ engine: new DockerEngine() });
const dir = await mkdtemp(path.join(os.tmpdir(), 'musl-lab-bench-'));
await writeFile(path.join(dir, 'hello.c'), HELLO);
try {
  const naive = (env: 'glibc' | 'musl') =>
    execa('docker', ['run', '--rm', '-i', '--network', 'none', imageTag(env), 'sh', '-c', 'cd /tmp && cat > h.c && gcc -Wall -Wextra -o h h.c && ./h'], { input: HELLO });
  const samples = await measure(
    {
      'host: gcc + run (baseline)': () => execa('sh', ['-c', `cd ${dir} && gcc -Wall -Wextra -o h hello.c && ./h`]),
      'musl-lab compare, warm (glibc + musl)': async () => {
        const r = await compareProgram(lab, { sources: [{ name: 'hello.c', content: HELLO }] });
        if (r.differences.length || r.sides[0].run?.stdout !== 'hello\n') throw new Error('unexpected outcome');
      },
      'naive: docker run --rm per env (parallel)': () => Promise.all([naive('glibc'), naive('musl')]),
    },
    rounds,
  );
  console.log(report('compare hello.c in glibc and musl', samples, 'host: gcc + run (baseline)'));
  const warm = median(samples['musl-lab compare, warm (glibc + musl)']!);
  const naiveMs = median(samples['naive: docker run --rm per env (parallel)']!);
  const host = median(samples['host: gcc + run (baseline)']!);
  console.log(`  naive / warm = ${(naiveMs / warm).toFixed(2)}  (target >= 5)`);
  console.log(`  warm / host  = ${(warm / host).toFixed(2)}  (target <= 3)`);
} finally {
  await lab.dispose();
}
