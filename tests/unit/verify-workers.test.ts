/**
 * verify's parallel workers when the tool fails inside one of them (issue 21): the failure
 * reaches the caller as the LabError it is (never an unhandled rejection that Node prints
 * with its stack trace), at once, and no lesson starts after it.
 */
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LabError } from '../../src/errors.js';
import type { LabSession } from '../../src/lab/session.js';
import { loadCourse } from '../../src/lessons/load.js';
import { verifyLessons } from '../../src/lessons/verify.js';

const course = loadCourse(path.join(import.meta.dirname, '..', '..'));

/** A lab whose every request fails after `ms` with a LabError naming it; `calls` counts requests. */
function failingLab(name: string, ms: number, calls: string[]): LabSession {
  const fail = (what: string) => () => {
    calls.push(`${name}:${what}@${Date.now()}`);
    return new Promise((_, reject) => setTimeout(() => reject(new LabError('docker-unreachable', `${name} lost the engine`, 'Start it.')), ms));
  };
  return new Proxy({} as LabSession, {
    get: (_t, prop) => {
      if (prop === 'session') return name;
      if (prop === 'then') return undefined;
      if (prop === 'imageLabels') return async () => ({});
      if (prop === 'onPhase') return () => () => undefined;
      if (prop === 'dispose') return async () => undefined;
      return fail(String(prop));
    },
  });
}

const stray: unknown[] = [];
const onStray = (e: unknown) => void stray.push(e);
beforeEach(() => {
  stray.length = 0;
  process.on('unhandledRejection', onStray);
});
afterEach(() => {
  process.off('unhandledRejection', onStray);
});

describe('verify with parallel workers', () => {
  it('a worker\'s failure is the run\'s failure: reported at once, nothing unhandled, no lesson starts after it', async () => {
    const calls: string[] = [];
    const slow = failingLab('slow', 400, calls);
    const fast = failingLab('fast', 10, calls);
    const t0 = Date.now();
    const run = verifyLessons(slow, course, { workers: 2, moreLabs: async () => fast });
    await expect(run).rejects.toThrow(/fast lost the engine/);
    const failedAt = Date.now();
    expect(failedAt - t0).toBeLessThan(350); // not after the slow worker's lesson
    await new Promise((r) => setTimeout(r, 600)); // let the slow worker's requests fail too
    expect(stray).toEqual([]);
    // both workers started a lesson; after the failure neither started another
    expect(calls.some((c) => c.startsWith('fast:'))).toBe(true);
    expect(calls.some((c) => c.startsWith('slow:'))).toBe(true);
    expect(calls.filter((c) => Number(c.split('@')[1]) > failedAt)).toEqual([]);
  });

  it('a further worker whose lab cannot be made fails the run the same way', async () => {
    const calls: string[] = [];
    const slow = failingLab('slow', 200, calls);
    const run = verifyLessons(slow, course, { workers: 3, moreLabs: async () => Promise.reject(new LabError('image-missing', 'no image for a worker', 'Build it.')) });
    await expect(run).rejects.toThrow(/no image for a worker/);
    await new Promise((r) => setTimeout(r, 400));
    expect(stray).toEqual([]);
  });
});
