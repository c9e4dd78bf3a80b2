/**
 * Parsed lesson files, kept as JSON by the hash of their text. Parsing the
 * course's YAML took most of the tutorial's start (about 0.4 s for 200 KB);
 * JSON of the same data parses in milliseconds. Two places are looked in:
 * dist/yaml-cache/ (filled by the build, so a fresh install starts fast) and
 * the user's cache folder (filled on first use, for lessons edited since).
 * The key is the text itself, so an edited file is never served stale; a
 * cache that cannot be read or written is simply not used.
 *
 * The key alone proves nothing: anyone who knows a lesson's text can name an
 * entry for it. So an entry of the user's cache carries an HMAC of its key and
 * value under a secret of that folder (made on first use, 0600), and the
 * folder is used only when it is this user's and writable by no one else
 * (as ssh treats ~/.ssh): a planted entry cannot change what a lesson says.
 * The built cache is part of the installation, like the code.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { closeSync, lstatSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import envPaths from 'env-paths';
import { parse as parseYaml } from 'yaml';
import { projectFile } from './project-root.js';

/**
 * Bump when the parser's output for the same text could change (a yaml upgrade) or a record's
 * layout does (/2: user entries carry an HMAC), so an old record is never read as a new one.
 */
const FORMAT = 'yaml-2.8.1/2';

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

/** This user's own, writable by no one else (group or others could plant entries or swap the secret). */
function private_(p: string, kind: 'dir' | 'file'): boolean {
  const st = lstatSync(p);
  const mine = typeof process.getuid !== 'function' || st.uid === process.getuid();
  return mine && (kind === 'dir' ? st.isDirectory() : st.isFile()) && (st.mode & 0o022) === 0;
}

/** The user cache's secret, made on first use; null when the folder or the secret is not private. */
function secretOf(dir: string): Buffer | null {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (!private_(dir, 'dir')) return null;
    const file = path.join(dir, 'secret');
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, randomBytes(32));
      closeSync(fd);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') return null;
    }
    if (!private_(file, 'file')) return null;
    const secret = readFileSync(file);
    return secret.length === 32 ? secret : null;
  } catch {
    return null;
  }
}

const macOf = (secret: Buffer, key: string, json: string) => createHmac('sha256', secret).update(key).update('\0').update(json).digest();

/** An entry of the user cache: served only when its HMAC proves this cache wrote it for this key. */
function readSigned(dir: string, secret: Buffer, key: string): { value: unknown } | null {
  try {
    const entry = JSON.parse(readFileSync(path.join(dir, `${key}.json`), 'utf8')) as { mac?: unknown; json?: unknown };
    if (typeof entry.mac !== 'string' || typeof entry.json !== 'string') return null;
    const mac = Buffer.from(entry.mac, 'hex');
    const want = macOf(secret, key, entry.json);
    if (mac.length !== want.length || !timingSafeEqual(mac, want)) return null;
    return { value: JSON.parse(entry.json) as unknown };
  } catch {
    return null;
  }
}

function writeSigned(dir: string, secret: Buffer, key: string, value: unknown): void {
  const json = JSON.stringify(value);
  writeCached(dir, key, { mac: macOf(secret, key, json).toString('hex'), json });
}

/** YAML.parse, answered from a cache when the same text was parsed before. Throws what the parser throws. */
export function parseYamlCached(text: string, env: NodeJS.ProcessEnv = process.env): unknown {
  const key = keyOf(text);
  const built = env.MUSL_LAB_NO_CACHE === '1' ? null : readCached(builtCacheDir(), key);
  if (built) return built.value;
  const user = userCacheDir(env);
  const secret = user ? secretOf(user) : null;
  const hit = user && secret ? readSigned(user, secret, key) : null;
  if (hit) return hit.value;
  const value = parseYaml(text) as unknown;
  if (user && secret) writeSigned(user, secret, key, value);
  return value;
}

/** For the build: the key a text is stored under. */
export const yamlCacheKey = keyOf;
