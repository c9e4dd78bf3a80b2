/**
 * How long "why did it crash?" and `compare --trace` take, warm containers:
 * a plain run of each crashing program against its explanation (rebuild with
 * -g + the run under gdb), and a plain run of a name lookup against its
 * strace in both environments. Figures only; the tests assert behaviour.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { explainCrash } from '../src/explain/explain.js';
import { DockerEngine } from '../src/engine/client.js';
import { Lab } from '../src/lab/sandbox.js';
import type { EnvName, RunRequest } from '../src/lab/types.js';
import { traceProgram } from '../src/trace/trace.js';
import { measure, report } from './stats.js';

const rounds = Number(process.env.ROUNDS ?? 5);
const fixture = (name: string) => [{ name: `${name}.c`, content: readFileSync(path.join(import.meta.dirname, '..', 'tests', 'fixtures', 'c', `${name}.c`)) }];

const lab = new Lab({ engine: new DockerEngine() });
try {
  const cases: [string, EnvName, string, string[], RunRequest][] = [
    ['musl thread stack overflow', 'musl', 'overflows-thread-stack', ['-pthread'], { ulimits: { stackKiB: 8192 } }],
    ['glibc NULL write', 'glibc', 'segfaults', [], {}],
    ['glibc fortify abort', 'glibc', 'overflows-fortified-buffer', ['-O2', '-D_FORTIFY_SOURCE=2'], {}],
  ];
  for (const [title, env, name, flags, run] of cases) {
    const sources = fixture(name);
    const samples = await measure(
      {
        'compile + run (the crash)': () => lab.compileAndRun(env, { sources, flags }, run),
        'explain (rebuild -g + gdb)': async () => {
          const e = await explainCrash(lab, env, { sources, flags, run });
          if (!e.reproduced) throw new Error(`${name} did not crash under gdb`);
        },
      },
      rounds,
    );
    console.log(report(`${title} (${env})`, samples, 'compile + run (the crash)'));
  }
  const hello = fixture('prints-ok');
  const quick = await measure(
    {
      'compile + run, both envs': () => Promise.all((['glibc', 'musl'] as const).map((env) => lab.compileAndRun(env, { sources: hello }))),
      'trace (compile + strace -f + read back), both envs': () => traceProgram(lab, { sources: hello, envs: ['glibc', 'musl'] }),
    },
    rounds,
  );
  console.log(report('prints-ok', quick, 'compile + run, both envs'));
  const sources = fixture('looks-up-a-name');
  const samples = await measure(
    {
      'compile + run, both envs': () => Promise.all((['glibc', 'musl'] as const).map((env) => lab.compileAndRun(env, { sources }))),
      'trace (compile + strace -f + read back), both envs': () => traceProgram(lab, { sources, envs: ['glibc', 'musl'] }),
    },
    Math.min(rounds, 3),
  );
  console.log(report('getaddrinfo lookup, no network (musl waits 2 x 2.5 s for the server either way)', samples, 'compile + run, both envs'));
} finally {
  await lab.dispose();
}
