/**
 * `npx tsx bench/speed.ts`: the speed table of issue 25, whole processes as a
 * user types them, against what the user would type instead, in the same run
 * (interleaved rounds, medians, ratios against a named baseline):
 *   warm `compare hello.c`   vs  the naive parallel pair of `docker run --rm`   (target: naive/warm >= 1.6)
 *                            vs  a `docker exec` pair into two running containers (target: warm/exec <= 1.6)
 *   `--version`              vs  `node -e 0`                                      (target <= 2)
 *   tutorial's first frame   vs  a bare Ink hello in the same pseudo-terminal     (target <= 1.0)
 * MUSL_LAB_CLIS="before=/path/to/old/checkout,after=." times several builds in
 * the same rounds (each a built checkout with bin/musl-lab.js), for before/after
 * figures; by default only this checkout. ROUNDS (default 9).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { imageTag } from '../src/lab/environments.js';
import { firstFrame, writeInkHello } from './first-frame.js';
import { measure, median } from './stats.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const ROUNDS = Number(process.env.ROUNDS ?? 9);
const HELLO_C = '#include <stdio.h>\nint main(void) { printf("hello\\n"); return 0; }\n';
const BUILD_AND_RUN = 'cd /tmp && cat > h.c && gcc -Wall -Wextra -o h h.c && ./h';
const tmp = mkdtempSync(path.join(os.tmpdir(), 'musl-lab-speed-'));
writeFileSync(path.join(tmp, 'hello.c'), HELLO_C);

const clis = (process.env.MUSL_LAB_CLIS ?? `musl-lab=${ROOT}`).split(',').map((p) => {
  const [name, dir] = p.split('=') as [string, string];
  return { name, bin: path.join(path.resolve(dir), 'bin', 'musl-lab.js'), home: path.join(tmp, `home-${name}`) };
});
const envOf = (home: string) => ({ ...process.env, NO_COLOR: '1', MUSL_LAB_HOME: home, TERM: 'xterm-256color' });

const INK_HELLO = writeInkHello(tmp, ROOT);

const ok = async (p: Promise<{ exitCode?: number; stdout?: string; stderr?: string }>, what: string) => {
  const r = await p;
  if (r.exitCode !== 0 || !String(r.stdout).includes('hello')) throw new Error(`${what} failed (exit ${r.exitCode}): ${r.stderr}`);
};
const cli = (c: (typeof clis)[number], args: string[]) => execa('node', [c.bin, ...args], { cwd: tmp, env: envOf(c.home), reject: false });

// the `docker exec` baseline: two containers already running, as a user who keeps them would have
const ENVS = ['glibc', 'musl'] as const;
const keepers = ENVS.map((e) => `musl-lab-speed-${e}-${process.pid}`);
for (const [i, e] of ENVS.entries()) {
  await execa('docker', ['run', '-d', '--rm', '--name', keepers[i]!, '--network', 'none', '--entrypoint', 'sh', imageTag(e), '-c', 'while :; do sleep 3600; done']);
}
try {
  for (const c of clis) await ok(cli(c, ['compare', 'hello.c']), `${c.name} compare`); // the warm environments
  const cases: Record<string, () => Promise<unknown>> = {
    'node -e 0': () => execa('node', ['-e', '0']),
    'bare Ink hello, first frame': () => firstFrame(`node ${INK_HELLO}`, 'hello, q quits', { cwd: tmp, env: envOf(path.join(tmp, 'ink')) }),
    'docker run --rm pair (naive)': () => Promise.all(ENVS.map((e) => ok(execa('docker', ['run', '--rm', '-i', '--network', 'none', imageTag(e), 'sh', '-c', BUILD_AND_RUN], { input: HELLO_C, reject: false }), 'docker run'))),
    'docker exec pair': () => Promise.all(keepers.map((k) => ok(execa('docker', ['exec', '-i', k, 'sh', '-c', BUILD_AND_RUN], { input: HELLO_C, reject: false }), 'docker exec'))),
  };
  for (const c of clis) {
    cases[`${c.name}: --version`] = () => cli(c, ['--version']);
    cases[`${c.name}: compare hello.c, warm`] = () => ok(cli(c, ['compare', 'hello.c']), `${c.name} compare`);
  }
  // Last in each round, and followed by a pause: the tutorial starts its lab at once, and the engine
  // is still removing those containers after it quits, which would slow whatever engine case came next.
  for (const c of clis) {
    cases[`${c.name}: tutorial first frame`] = async () => {
      const ms = await firstFrame(`node ${c.bin}`, 'q quit', { cwd: tmp, env: envOf(c.home) });
      await new Promise((r) => setTimeout(r, 1500));
      return ms;
    };
  }
  // the timed functions above return the process time; firstFrame's own figure (to the marker) is what counts there
  const frames: Record<string, number[]> = {};
  const timed = Object.fromEntries(
    Object.entries(cases).map(([k, f]) => [k, k.includes('first frame') ? async () => void (frames[k] ??= []).push((await f()) as number) : f]),
  );
  const samples = await measure(timed, ROUNDS);
  for (const k of Object.keys(frames)) samples[k] = frames[k]!.slice(-ROUNDS); // the marker time, not the whole process
  const m = (k: string) => median(samples[k]!);
  const row = (k: string, base: string, target: string) => `  ${k.padEnd(40)} ${m(k).toFixed(0).padStart(6)} ms   ${(m(k) / m(base)).toFixed(2)}x ${base}   ${target}`;
  console.log(`Speed (issue 25): whole processes, medians of ${ROUNDS} interleaved rounds, load ${os.loadavg()[0]!.toFixed(1)}`);
  for (const k of ['node -e 0', 'bare Ink hello, first frame', 'docker run --rm pair (naive)', 'docker exec pair']) console.log(`  ${k.padEnd(40)} ${m(k).toFixed(0).padStart(6)} ms   (baseline)`);
  for (const c of clis) {
    const warm = `${c.name}: compare hello.c, warm`;
    console.log(row(`${c.name}: --version`, 'node -e 0', 'target <= 2x'));
    console.log(row(`${c.name}: tutorial first frame`, 'bare Ink hello, first frame', 'target <= 1.0x'));
    console.log(row(warm, 'docker exec pair', 'target <= 1.6x'));
    console.log(`  ${''.padEnd(40)} ${''.padStart(6)}      naive pair / warm = ${(m('docker run --rm pair (naive)') / m(warm)).toFixed(2)}   target >= 1.6`);
  }
} finally {
  for (const c of clis) await cli(c, ['stop']);
  await execa('docker', ['rm', '-f', ...keepers], { reject: false });
}
