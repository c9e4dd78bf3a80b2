/**
 * One recipe for users and CI: every environment has exactly one Dockerfile,
 * and the only thing a build varies by (online or offline) is where the
 * Debian base comes from.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENVIRONMENTS, baseImageArg } from '../../src/lab/environments.js';

const DOCKER = path.join(import.meta.dirname, '..', '..', 'docker');

describe('one recipe per environment', () => {
  it.each(Object.values(ENVIRONMENTS).map((e) => [e.name, e.dir, e.buildsOn]))('%s: a single Dockerfile, starting from the Debian base or from the image it builds on', (_name, dir, buildsOn) => {
    const files = readdirSync(path.join(DOCKER, dir)).filter((f) => f.startsWith('Dockerfile'));
    expect(files).toEqual(['Dockerfile']);
    const text = readFileSync(path.join(DOCKER, dir, 'Dockerfile'), 'utf8');
    const froms = [...text.matchAll(/^FROM\s+(\S+)/gm)].map((m) => m[1]);
    // every stage starts from the build argument (BASE, or the image of the environment it builds on, which
    // `images build` passes as <ENV>_IMAGE), or from scratch: never from a fixed distribution image
    const allowed = ['${BASE}', 'scratch', ...(buildsOn ? [`\${${baseImageArg(buildsOn)}}`] : [])];
    for (const f of froms) expect(allowed, `FROM ${f}`).toContain(f);
    expect(text).not.toMatch(/^FROM\s+(ubuntu|alpine)/m);
  });

  it('the only online/offline difference is the base: no build label is fixed in a recipe', () => {
    for (const e of Object.values(ENVIRONMENTS)) {
      const text = readFileSync(path.join(DOCKER, e.dir, 'Dockerfile'), 'utf8');
      expect(text).not.toMatch(/org\.musl-lab\.build=/);
    }
  });
});
