/**
 * `compare --json` names the root cause of a one-file reproduction of each
 * catalogue id that one file can show (tests/fixtures/causes/<id>.c), in the
 * real environments. The environments stay warm between the runs.
 */
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = path.join(import.meta.dirname, '..', '..', 'bin', 'musl-lab.js');
const DIR = path.join(import.meta.dirname, '..', 'fixtures', 'causes');
const cli = (args: string[]) => execa('node', [BIN, ...args], { reject: false, env: { NO_COLOR: '1' }, timeout: 180_000 });
afterAll(async () => {
  await cli(['stop']);
});

/** Arguments a reproduction needs to show its difference. */
const ARGS: Record<string, string[]> = { 'getopt-order': ['--', 'file', '-v'] };

interface Cause { class: string; env: string | null; evidence: string | null; fix: string; lesson: { id: string; step: string | null } | null; sources: string[] }

describe('compare --json names the root cause of each one-file reproduction', () => {
  const ids = readdirSync(DIR).filter((f) => f.endsWith('.c')).map((f) => f.slice(0, -2)).sort();
  it.each(ids)('%s', async (id) => {
    const r = await cli(['compare', '--json', path.join(DIR, `${id}.c`), ...(ARGS[id] ?? [])]);
    expect(r.exitCode, r.stderr).toBe(1);
    const j = JSON.parse(r.stdout) as { differ: boolean; causes: Cause[]; environments: { compile: { diagnostics: string } }[] };
    expect(j.differ).toBe(true);
    const c = j.causes.find((x) => x.class === id);
    expect(c, JSON.stringify(j.causes.map((x) => [x.class, x.evidence]))).toBeDefined();
    expect(c!.evidence).toBeTruthy();
    expect(c!.fix).toBeTruthy();
    expect(c!.sources.length).toBeGreaterThan(0);
    expect(j.causes.map((x) => x.class)).not.toContain('unclassified');
  });

  it('the same outcome has no causes; a difference no entry explains is "unclassified"', async () => {
    const same = JSON.parse((await cli(['compare', '--json', path.join(import.meta.dirname, '..', 'fixtures', 'c', 'prints-ok.c')])).stdout);
    expect(same.causes).toEqual([]);
    // rand() is a different generator in each libc, and the catalogue has no entry for it
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'musl-lab-causes-')), 'rand.c');
    writeFileSync(file, '#include <stdio.h>\n#include <stdlib.h>\nint main(void) {\n  srand(1);\n  printf("%d\\n", rand());\n  return 0;\n}\n');
    const r = await cli(['compare', '--json', file]);
    expect(r.exitCode).toBe(1);
    expect(JSON.parse(r.stdout).causes).toEqual([expect.objectContaining({ class: 'unclassified', evidence: null })]);
  });
});

describe('compare --explain: the crash explanation names the root cause', () => {
  const C = path.join(import.meta.dirname, '..', 'fixtures', 'c');
  it.each([
    ['corrupts-the-heap', 'malloc-behaviour', /^musl's allocator found heap corruption in free\(\)/],
    ['frees-twice', 'malloc-behaviour', /^musl's allocator found heap corruption in free\(\)/],
    ['frees-null-addrinfo', 'netdb-behaviour', /^NULL pointer inside freeaddrinfo\(\)/],
  ])('%s: musl\'s explanation is %s, and so is the comparison\'s cause', async (name, id, summary) => {
    const r = await cli(['compare', '--explain', '--json', path.join(C, `${name}.c`)]);
    expect(r.exitCode, r.stderr).toBe(1);
    const j = JSON.parse(r.stdout);
    const musl = j.explanations[1];
    expect(musl.cause.class).toBe(id);
    expect(musl.cause.summary).toMatch(summary);
    expect(j.causes.map((c: Cause) => c.class)).toContain(id);
  });

  it('a worker thread past its stack on musl is thread-stack in the explanation and the causes', async () => {
    const r = await cli(['compare', '--explain', '--json', '--flags', '-pthread', path.join(DIR, 'thread-stack.c')]);
    const j = JSON.parse(r.stdout);
    expect(j.explanations[1].cause).toMatchObject({ kind: 'stack-overflow', class: 'thread-stack' });
    expect(j.causes.find((c: Cause) => c.class === 'thread-stack')).toMatchObject({ env: 'musl', in: 'crash' });
  });
});
