/** Compile and run one program in several environments at once: the core of `musl-lab compare`. */
import { LABEL } from '../lab/environments.js';
import type { LabSession as Lab } from '../lab/session.js';
import type { EnvName, RunRequest, SourceFile } from '../lab/types.js';
import { differences, type Field, type Side } from './diff.js';

export interface CompareRequest {
  sources: SourceFile[];
  flags?: string[];
  run?: RunRequest;
  envs?: [EnvName, EnvName];
}

export interface Comparison {
  sides: [Side, Side];
  differences: Field[];
}

export async function compareProgram(lab: Lab, req: CompareRequest): Promise<Comparison> {
  const envs = req.envs ?? ['glibc', 'musl'];
  const sides = (await Promise.all(
    envs.map(async (env): Promise<Side> => {
      const [labels, { compile, run }] = await Promise.all([lab.imageLabels(env), lab.compileAndRun(env, { sources: req.sources, flags: req.flags, discard: true }, req.run)]);
      const libc = labels[LABEL.libc] ? `${labels[LABEL.libc]} ${labels[LABEL.libcVersion] ?? ''}`.trim() : undefined;
      return { env, libc, compile, run };
    }),
  )) as [Side, Side];
  return { sides, differences: differences(sides[0], sides[1]) };
}
