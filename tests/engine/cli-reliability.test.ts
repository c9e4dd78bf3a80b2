/**
 * The real CLI (bin/musl-lab.js, built dist/) where commands used to crash or
 * hang (issue 21): every failure is rendered once (message, next step, exit 3),
 * parallel workers included, and every command ends when its work ends.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURES } from '../helpers/lab.js';

const BIN = path.join(import.meta.dirname, '..', '..', 'bin', 'musl-lab.js');
const tmp = await mkdtemp(path.join(os.tmpdir(), 'musl-lab-rel-'));
afterAll(() => rm(tmp, { recursive: true, force: true }));
const cli = (args: string[], env: Record<string, string> = {}, timeout = 120_000) =>
  execa('node', [BIN, ...args], { reject: false, env: { NO_COLOR: '1', ...env }, timeout });

/** A failure as the one renderer words it: "error:", "next:", and no stack trace or Node banner. */
function expectRendered(stderr: string): void {
  expect(stderr).toMatch(/^error: .+\nnext: {2}.+/m);
  expect(stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  expect(stderr).not.toMatch(/Node\.js v\d+/);
}

describe('failures inside parallel workers', () => {
  it('verify with several jobs and an engine that is not there: one rendered error, exit 3', async () => {
    const r = await cli(['verify', '--jobs', '3', '--out', path.join(tmp, 'v')], { DOCKER_HOST: `unix://${tmp}/no-engine.sock` });
    expectRendered(r.stderr);
    expect(r.stderr.match(/^error: /gm)?.length).toBe(1);
    expect(r.stderr).toMatch(/Docker is not reachable/);
    expect(r.exitCode).toBe(3);
  });
});

describe('many commands at once', () => {
  it('8 parallel cold compares (--no-keep-warm) all succeed: no sweep removes another one\'s container while it starts', async () => {
    const runs = await Promise.all(Array.from({ length: 8 }, () => cli(['--no-keep-warm', 'compare', path.join(FIXTURES, 'prints-ok.c')], { MUSL_LAB_HOME: tmp }, 170_000)));
    const failed = runs.filter((r) => r.exitCode !== 0).map((r) => `exit ${r.exitCode}: ${r.stderr.trim()}`);
    expect(failed).toEqual([]);
    for (const r of runs) expect(r.stdout).toMatch(/same outcome/i);
  });
});
