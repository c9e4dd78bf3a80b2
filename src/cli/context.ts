/**
 * Effects are built once here, at the entry point, and passed in: the engine,
 * the streams, the environment, the clock. Commands never reach for globals,
 * so tests can hand them their own.
 */
import { projectRoot } from '../util/project-root.js';
import type { Engine } from '../engine/engine.js';
import { DockerEngine } from '../engine/client.js';
import { Lab } from '../lab/sandbox.js';
import { sweepLeftovers } from '../lab/sweep.js';
import { keepWarmFromEnv, ownerKey } from '../lab/warm.js';
import { colorWanted, makeStyle, type Style } from '../term/style.js';

export interface Output {
  write(s: string): void;
  isTTY?: boolean;
  columns?: number;
}

export interface Context {
  env: NodeJS.ProcessEnv;
  stdout: Output;
  stderr: Output;
  style: Style;
  /** Folder holding docker/, lessons/, c-src/. */
  projectRoot: string;
  engine(): Engine;
  /**
   * A lab for this command; disposed on exit and on Ctrl-C. With `warm`, the environments are
   * reused from an earlier command and kept warm for the next (unless --no-keep-warm or
   * MUSL_LAB_KEEP_WARM=0).
   */
  lab(options?: (ConstructorParameters<typeof Lab>[0] extends infer O ? Partial<O> : never) & { warm?: boolean }): Promise<Lab>;
  /** Idle seconds a warm environment lives, or false when keeping warm is off. */
  keepWarm?: number | false;
  /** Aborted on Ctrl-C. */
  signal: AbortSignal;
  /** Ends this command's labs; `wait: false` when the process exits right after (see Lab.dispose). */
  dispose(o?: { wait?: boolean }): Promise<void>;
}

export const PROJECT_ROOT = projectRoot();

export { packageVersion } from './version.js';

export function createContext(opts: { plain?: boolean; keepWarm?: boolean; env?: NodeJS.ProcessEnv; stdout?: Output; stderr?: Output; signal?: AbortSignal } = {}): Context {
  const env = opts.env ?? process.env;
  const keepWarm = opts.keepWarm === false ? false : keepWarmFromEnv(env);
  const stdout: Output = opts.stdout ?? { write: (s) => void process.stdout.write(s), isTTY: process.stdout.isTTY, columns: process.stdout.columns };
  const stderr: Output = opts.stderr ?? { write: (s) => void process.stderr.write(s), isTTY: process.stderr.isTTY };
  const plain = opts.plain === true || env.MUSL_LAB_PLAIN === '1'; // either the flag or the variable
  let engine: Engine | undefined;
  const labs: Lab[] = [];
  let swept: Promise<number> | undefined;
  const controller = new AbortController();
  opts.signal?.addEventListener('abort', () => controller.abort(), { once: true });
  const getEngine = () => (engine ??= new DockerEngine(env));
  return {
    env,
    stdout,
    stderr,
    style: makeStyle({ color: colorWanted(env, stdout.isTTY), plain }),
    projectRoot: PROJECT_ROOT,
    engine: getEngine,
    signal: controller.signal,
    keepWarm,
    async lab({ warm, ...options } = {}) {
      const e = getEngine();
      // The sweep runs once per command, before its first new container: when warm ones serve, nothing waits for it.
      const sweep = () => (swept ??= sweepLeftovers(e));
      const lab = new Lab({ engine: e, beforeStart: sweep, ...(warm && keepWarm ? { keepWarm: { idleSeconds: keepWarm, owner: ownerKey(env) } } : {}), ...options });
      labs.push(lab);
      return lab;
    },
    async dispose(o) {
      await Promise.all(labs.splice(0).map((l) => l.dispose(o)));
    },
  };
}
