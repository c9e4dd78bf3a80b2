/**
 * What `compare` accepts from the command line, checked before any engine work:
 * numbers in their real range, and --set only for the program's own variables.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compareCommand, type CompareOptions } from '../../src/cli/commands/compare.js';
import { createContext } from '../../src/cli/context.js';
import { LabError } from '../../src/errors.js';
import { variant } from '../../src/lessons/schema.js';

const dir = await mkdtemp(path.join(os.tmpdir(), 'musl-lab-opts-'));
afterAll(() => rm(dir, { recursive: true, force: true }));
const source = path.join(dir, 'ok.c');
await writeFile(source, 'int main(void) { return 0; }\n');

/** Run compare's checks; a lab is never reached (asking for one fails the test with "reached the lab"). */
async function outcome(o: CompareOptions): Promise<string> {
  const ctx = createContext({ env: {}, stdout: { write: () => {} }, stderr: { write: () => {} } });
  ctx.lab = async () => {
    throw new Error('reached the lab');
  };
  try {
    await compareCommand(ctx, [source], [], o);
    return 'ran';
  } catch (e) {
    return e instanceof LabError ? `${e.kind}: ${e.message}` : (e as Error).message;
  }
}

describe('compare: numbers in their real range', () => {
  it.each([
    ['99999999999999999999'], // passed as 1e20: bash refused it, busybox read another number
    ['18014398509481984'], // 2^54: busybox wraps it to a 0 KiB stack
    ['0'],
    ['-5'],
    ['1e3'],
    ['0x10'],
    [' 64'],
    [''],
  ])('--stack %j is bad input', async (stack) => {
    expect(await outcome({ stack })).toMatch(/^bad-input: --stack takes a whole number of KiB/);
  });

  it.each([['1'], ['8192'], ['137438953472'], ['unlimited']])('--stack %j is accepted', async (stack) => {
    expect(await outcome({ stack })).toBe('reached the lab');
  });

  it.each([['0'], ['121'], ['1e2'], ['0.0001'], ['Infinity'], ['-1'], ['']])('--timeout %j is bad input', async (timeout) => {
    expect(await outcome({ timeout })).toMatch(/^bad-input: --timeout takes seconds/);
  });

  it.each([['0.5'], ['120'], ['10']])('--timeout %j is accepted', async (timeout) => {
    expect(await outcome({ timeout })).toBe('reached the lab');
  });
});

describe('compare --set: the program only, never the lab', () => {
  it.each([['MUSL_LAB_F0=int x;'], ['MUSL_LAB_ANYTHING=1'], ['1A=x'], ['=x'], ['NOEQUALS']])('%j is bad input', async (kv) => {
    expect(await outcome({ set: [kv] })).toMatch(/^bad-input: --set expects NAME=VALUE/);
  });

  it('PATH, LD_PRELOAD and LANG are the program\'s to set', async () => {
    expect(await outcome({ set: ['PATH=/x', 'LD_PRELOAD=/nowhere.so', 'LANG=de_DE.UTF-8'] })).toBe('reached the lab');
  });
});

/** What the schema says about one variant of an experiment ('' when it is valid). */
function lessonSchemaProblems(v: object): string {
  const r = variant.safeParse({ id: 'v', expect: {}, ...v });
  return r.success ? '' : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
}

describe('lesson schema: the same rules for lessons', () => {
  it('refuses MUSL_LAB_* variables and a stack beyond the address space', () => {
    expect(lessonSchemaProblems({ env: { MUSL_LAB_F0: 'x' } })).toMatch(/env\.MUSL_LAB_F0: Invalid key/);
    expect(lessonSchemaProblems({ ulimits: { stackKiB: 1e20 } })).toMatch(/stackKiB/);
    expect(lessonSchemaProblems({ env: { LANG: 'C.UTF-8' }, ulimits: { stackKiB: 1024 } })).toBe('');
  });
});
