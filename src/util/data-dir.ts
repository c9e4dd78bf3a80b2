/**
 * Where a learner's own files live: progress and workspaces, in the XDG data
 * folder (env-paths), never inside the project. MUSL_LAB_HOME overrides it
 * (tests, workshops with a shared disk).
 */
import path from 'node:path';
import envPaths from 'env-paths';

/** The data folder for this user, read from the given environment. */
export function dataDir(env: NodeJS.ProcessEnv): string {
  if (env.MUSL_LAB_HOME) return path.resolve(env.MUSL_LAB_HOME);
  if (env.XDG_DATA_HOME && path.isAbsolute(env.XDG_DATA_HOME)) return path.join(env.XDG_DATA_HOME, 'musl-lab');
  return envPaths('musl-lab', { suffix: '' }).data;
}

export const progressFile = (dir: string) => path.join(dir, 'progress.json');
export const workspaceDir = (dir: string) => path.join(dir, 'workspace');
