/**
 * Parsed lesson files, kept as JSON by the hash of their text. Parsing the
 * course's YAML took most of the tutorial's start (about 0.4 s for 200 KB);
 * JSON of the same data parses in milliseconds. Two places are looked in:
 * dist/yaml-cache/ (filled by the build, so a fresh install starts fast) and
 * the user's cache folder (filled on first use, for lessons edited since).
 * The key is the text itself, so an edited file is never served stale; a
 * cache that cannot be read or written is simply not used.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import envPaths from 'env-paths';
import { parse as parseYaml } from 'yaml';
import { projectFile } from '../util/project-root.js';

/** Bump when the parser's output for the same text could change (a yaml upgrade). */
const FORMAT = 'yaml-2.8.1/1';

export const builtCacheDir = () => projectFile('dist', 'yaml-cache');

export function userCacheDir(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.MUSL_LAB_NO_CACHE === '1') return null;
  if (env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME)) return path.join(env.XDG_CACHE_HOME, 'musl-lab', 'yaml');
  try {
    return path.join(envPaths('musl-lab', { suffix: '' }).cache, 'yaml');
  } catch {
    return null;
  }
}

const keyOf = (text: string) => createHash('sha256').update(FORMAT).update('\0').update(text).digest('hex').slice(0, 32);

function readCached(dir: string, key: string): { value: unknown } | null {
  try {
    return { value: JSON.parse(readFileSync(path.join(dir, `${key}.json`), 'utf8')) as unknown };
  } catch {
    return null;
  }
}

/** Write without ever leaving half a file under the final name. */
export function writeCached(dir: string, key: string, value: unknown): void {
  try {
    mkdirSync(dir, { recursive: true });
    const tmp = path.join(dir, `${key}.${process.pid}.tmp`);
    writeFileSync(tmp, JSON.stringify(value));
    renameSync(tmp, path.join(dir, `${key}.json`));
  } catch {
    // a read-only or full disk: parse every time
  }
}

/** YAML.parse, answered from a cache when the same text was parsed before. Throws what the parser throws. */
export function parseYamlCached(text: string, env: NodeJS.ProcessEnv = process.env): unknown {
  const key = keyOf(text);
  const user = userCacheDir(env);
  const hit = (env.MUSL_LAB_NO_CACHE === '1' ? null : readCached(builtCacheDir(), key)) ?? (user ? readCached(user, key) : null);
  if (hit) return hit.value;
  const value = parseYaml(text) as unknown;
  if (user) writeCached(user, key, value);
  return value;
}

/** For the build: the key a text is stored under. */
export const yamlCacheKey = keyOf;
