/** Lesson YAML served from a cache by the hash of its text (src/lessons/yaml-cache.ts). */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseYamlCached, userCacheDir, yamlCacheKey } from '../../src/lessons/yaml-cache.js';

const home = mkdtempSync(path.join(os.tmpdir(), 'musl-lab-yaml-'));
const env = { XDG_CACHE_HOME: home };
const dir = userCacheDir(env)!;
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('parseYamlCached', () => {
  it('answers what the parser answers, and keeps it for next time', () => {
    const text = 'id: x\nsteps:\n  - {id: a, kind: prose}\n';
    expect(parseYamlCached(text, env)).toEqual(parse(text));
    expect(readdirSync(dir)).toEqual([`${yamlCacheKey(text)}.json`]);
  });

  it('serves the cached value for the same text (the parser is not asked again)', () => {
    const text = 'answer: 41\n';
    parseYamlCached(text, env);
    writeFileSync(path.join(dir, `${yamlCacheKey(text)}.json`), JSON.stringify({ answer: 'from the cache' }));
    expect(parseYamlCached(text, env)).toEqual({ answer: 'from the cache' });
  });

  it('an edited file is a new key: never stale', () => {
    expect(parseYamlCached('answer: 42\n', env)).toEqual({ answer: 42 });
  });

  it('a damaged cache entry is parsed again and replaced', () => {
    const text = 'damaged: no\n';
    writeFileSync(path.join(dir, `${yamlCacheKey(text)}.json`), '{"half');
    expect(parseYamlCached(text, env)).toEqual({ damaged: 'no' });
    expect(parseYamlCached(text, env)).toEqual({ damaged: 'no' });
  });

  it('invalid YAML still throws the parser\'s error, and nothing is cached', () => {
    const before = readdirSync(dir).length;
    expect(() => parseYamlCached('a: [1, 2\n', env)).toThrow();
    expect(readdirSync(dir).length).toBe(before);
  });

  it('a cache folder that cannot be made (a file in its place, even for root): it parses every time', () => {
    const file = path.join(home, 'not-a-folder');
    writeFileSync(file, 'x');
    expect(parseYamlCached('ro: 1\n', { XDG_CACHE_HOME: file })).toEqual({ ro: 1 });
    expect(parseYamlCached('ro: 1\n', { XDG_CACHE_HOME: file })).toEqual({ ro: 1 });
  });

  it('MUSL_LAB_NO_CACHE=1 turns it off', () => {
    expect(userCacheDir({ MUSL_LAB_NO_CACHE: '1' })).toBeNull();
    expect(parseYamlCached('off: true\n', { MUSL_LAB_NO_CACHE: '1' })).toEqual({ off: true });
  });
});
