/**
 * `musl-lab port` on the test projects against the same build and test run
 * by hand: two parallel `docker run --rm` (glibc and musl images, no network,
 * the project copied in, the same commands). Figures only; the tests assert behaviour.
 */
import path from 'node:path';
import { execa } from 'execa';
import { measure, report } from './stats.js';

const rounds = Number(process.env.ROUNDS ?? 3);
const BIN = path.join(import.meta.dirname, '..', 'bin', 'musl-lab.js');
const P = path.join(import.meta.dirname, '..', 'tests', 'fixtures', 'projects');
const IMAGE = (env: string) => `musl-lab/${env}:${process.env.IMAGE_TAG ?? '4'}`;

/** What a person would type: copy the project, build, test (no gdb, no logs kept apart). */
const BY_HAND: Record<string, string> = {
  'make-basename': 'make && make check',
  'configure-threads': './configure && make && make check',
  'make-getopt': 'make && make test',
};

for (const [project, steps] of Object.entries(BY_HAND)) {
  const dir = path.join(P, project);
  const byHand = (env: string) =>
    execa('docker', ['run', '--rm', '--network', 'none', '-v', `${dir}:/src:ro`, IMAGE(env), 'sh', '-c', `cp -r /src /tmp/p && cd /tmp/p && { [ "${env}" = musl ] && export AR=x86_64-linux-gnu-ar; ${steps}; }`], { reject: false });
  const samples = await measure(
    {
      'docker run x2 by hand': () => Promise.all([byHand('glibc'), byHand('musl')]),
      'musl-lab port --json': () => execa('node', [BIN, 'port', '--json', dir], { reject: false }),
    },
    rounds,
  );
  console.log(report(project, samples, 'docker run x2 by hand'));
}
