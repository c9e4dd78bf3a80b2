/**
 * A workshop room on one engine (issue 11): N learners' sessions at once, each
 * a sequence of lesson steps as the tutorial runs them (its own two containers,
 * built and run by the agents), all through DOCKER_HOST=tcp://127.0.0.1:PORT.
 *
 *   npx tsx bench/room.ts [--learners 20] [--rounds 2] [--port 23750]
 *
 * The engine gets a loopback TCP listener for the run. A second `-H` on a
 * running dockerd means restarting it (and every session on it), so the
 * script forwards 127.0.0.1:PORT to the engine's unix socket byte for byte;
 * clients see exactly what `dockerd -H tcp://127.0.0.1:PORT` would serve.
 * With --dockerd-tcp it uses that listener instead, if the engine has one.
 *
 * Phases: a quiet room (every learner runs the steps), then the same room while
 * one learner runs a fork bomb and a CPU spinner in its own environments.
 * Reports p50/p95 step latency per phase, errors, the lab containers left on
 * the engine afterwards, and the per-learner limits that held the bomb.
 */
import net from 'node:net';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DockerEngine } from '../src/engine/client.js';
import { LIMITS } from '../src/lab/limits.js';
import { LABEL } from '../src/lab/environments.js';
import { Lab } from '../src/lab/sandbox.js';
import { loadCourse } from '../src/lessons/load.js';
import { runStep, type RunnableStep } from '../src/lessons/run-step.js';
import type { Lesson } from '../src/lessons/load.js';
import { median } from './stats.js';

const { values: opt } = parseArgs({
  options: {
    learners: { type: 'string', default: '20' },
    rounds: { type: 'string', default: '2' },
    port: { type: 'string', default: '23750' },
    'dockerd-tcp': { type: 'string' },
  },
});
const LEARNERS = Number(opt.learners);
const ROUNDS = Number(opt.rounds);
const ROOT = path.resolve(import.meta.dirname, '..');

/** 127.0.0.1:port → the engine's unix socket, for the length of the run. */
async function loopbackListener(port: number, socketPath: string): Promise<{ address: string; close(): Promise<void> }> {
  const open = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const engine = net.connect(socketPath);
    open.add(client).add(engine);
    client.pipe(engine).pipe(client);
    const done = () => (client.destroy(), engine.destroy(), open.delete(client), open.delete(engine));
    client.on('error', done).on('close', done);
    engine.on('error', done).on('close', done);
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));
  return {
    address: `tcp://127.0.0.1:${port}`,
    close: async () => {
      for (const s of open) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}

/** What one learner does in the room: the steps of the first lessons, as the tutorial runs them. */
function stepsOfTheDay(): { lesson: Lesson; step: RunnableStep }[] {
  const course = loadCourse(ROOT, ['what-is-a-libc', 'thread-stacks', 'portability-traps']);
  const out: { lesson: Lesson; step: RunnableStep }[] = [];
  for (const lesson of course.lessons) {
    for (const step of lesson.steps) {
      if ((step.kind === 'experiment' && !step.network) || step.kind === 'task') out.push({ lesson, step: step as RunnableStep });
      if (out.filter((s) => s.lesson === lesson).length >= 3) break;
    }
  }
  return out;
}

const FORK_BOMB = '#include <unistd.h>\nint main(void) { for (;;) fork(); }\n';
const SPIN = '#include <pthread.h>\nstatic void *spin(void *a) { for (;;) { } return a; }\nint main(void) { pthread_t t[8]; for (int i = 0; i < 8; i++) pthread_create(&t[i], 0, spin, 0); spin(0); }\n';

interface Sample {
  ms: number;
  error?: string;
}

async function learner(engine: DockerEngine, steps: { lesson: Lesson; step: RunnableStep }[], rounds: number, out: Sample[], sessions: string[]): Promise<void> {
  const lab = new Lab({ engine });
  sessions.push(lab.session);
  try {
    for (let r = 0; r < rounds; r++) {
      for (const { lesson, step } of steps) {
        const t0 = performance.now();
        try {
          const res = await runStep(lab, lesson, step, { which: step.kind === 'task' ? 'solution' : 'experiment' });
          out.push({ ms: performance.now() - t0, ...(res.passed ? {} : { error: `${lesson.id}/${step.id} did not pass` }) });
        } catch (e) {
          out.push({ ms: performance.now() - t0, error: `${lesson.id}/${step.id}: ${(e as Error).message}` });
        }
      }
    }
  } finally {
    await lab.dispose();
  }
}

/** One learner who runs a fork bomb and a spinner on every core, in both environments, until told to stop. */
async function troublemaker(engine: DockerEngine, stop: AbortSignal, sessions: string[]): Promise<string[]> {
  const lab = new Lab({ engine });
  sessions.push(lab.session);
  const seen: string[] = [];
  try {
    while (!stop.aborted) {
      await Promise.all(
        (['glibc', 'musl'] as const).flatMap((env) => [
          lab.compileAndRun(env, { sources: [{ name: 'bomb.c', content: FORK_BOMB }] }, { timeoutMs: 3000 }).then((r) => seen.push(`${env} fork bomb: ${r.run?.timedOut ? 'stopped at the time limit' : `exit ${r.run?.exitCode}`}`)),
          lab.compileAndRun(env, { sources: [{ name: 'spin.c', content: SPIN }], flags: ['-pthread'] }, { timeoutMs: 3000 }).then((r) => seen.push(`${env} spinner: ${r.run?.timedOut ? 'stopped at the time limit' : `exit ${r.run?.exitCode}`}`)),
        ]),
      );
    }
  } finally {
    await lab.dispose();
  }
  return [...new Set(seen)];
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
}

async function phase(name: string, engine: DockerEngine, steps: { lesson: Lesson; step: RunnableStep }[], withBomb: boolean, sessions: string[]) {
  const samples: Sample[] = [];
  const stop = new AbortController();
  const t0 = performance.now();
  const bomb = withBomb ? troublemaker(engine, stop.signal, sessions) : Promise.resolve([] as string[]);
  await Promise.all(Array.from({ length: LEARNERS - (withBomb ? 1 : 0) }, () => learner(engine, steps, ROUNDS, samples, sessions)));
  stop.abort();
  const bombSaw = await bomb;
  const wall = performance.now() - t0;
  const ms = samples.map((s) => s.ms);
  const errors = samples.filter((s) => s.error);
  console.log(`\n${name}: ${LEARNERS} learners${withBomb ? ' (one of them running a fork bomb and 9 spinning threads per environment)' : ''}, ${samples.length} steps in ${(wall / 1000).toFixed(1)} s`);
  console.log(`  step latency   p50 ${median(ms).toFixed(0)} ms   p95 ${pct(ms, 95).toFixed(0)} ms   max ${Math.max(...ms).toFixed(0)} ms`);
  console.log(`  errors         ${errors.length}${errors.length ? `: ${[...new Set(errors.map((e) => e.error))].slice(0, 5).join('; ')}` : ''}`);
  if (bombSaw.length) console.log(`  the bomb       ${bombSaw.join('; ')}`);
  return { p50: median(ms), p95: pct(ms, 95), errors: errors.length, steps: samples.length, wall };
}

const local = new DockerEngine({ ...process.env, DOCKER_HOST: '' });
const listener = opt['dockerd-tcp'] ? { address: opt['dockerd-tcp'], close: async () => {} } : await loopbackListener(Number(opt.port), local.endpoint.address.replace(/^unix:\/\//, ''));
const engine = new DockerEngine({ ...process.env, DOCKER_HOST: listener.address });
const sessions: string[] = [];
try {
  const info = await engine.info();
  const steps = stepsOfTheDay();
  console.log(`room: ${LEARNERS} learners on one engine (${info.product} ${info.version}) through DOCKER_HOST=${listener.address}${opt['dockerd-tcp'] ? '' : ' (a loopback listener forwarding to the engine socket)'}`);
  console.log(`each learner: ${ROUNDS} x ${steps.length} lesson steps (${steps.map((s) => `${s.lesson.id}/${s.step.id}`).join(', ')}), each in glibc and musl`);
  console.log(`per-learner limits (each environment): ${LIMITS.memoryBytes / 2 ** 20} MiB memory, ${LIMITS.nanoCpus / 1e9} CPU, ${LIMITS.containerPids} processes (${LIMITS.runProcesses} per run), ${LIMITS.runTimeoutMs / 1000} s per run, learner code at nice 10 under a non-root uid`);
  const quiet = await phase('quiet room', engine, steps, false, sessions);
  const noisy = await phase('room with a fork bomb', engine, steps, true, sessions);
  const mine = new Set(sessions);
  const left = (await local.listContainers(LABEL.app)).filter((c) => mine.has(c.labels[LABEL.session] ?? ''));
  console.log(`\ncontainers of these ${sessions.length} sessions left on the engine: ${left.length} (goal 0)`);
  console.log(`errors: ${quiet.errors + noisy.errors} (goal 0)`);
  console.log(`the fork bomb's effect on the others: p50 x${(noisy.p50 / quiet.p50).toFixed(2)}, p95 x${(noisy.p95 / quiet.p95).toFixed(2)} against the quiet room`);
  if (left.length || quiet.errors || noisy.errors) process.exitCode = 1;
} finally {
  await listener.close();
}
