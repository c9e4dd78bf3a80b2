/**
 * The real CLI (bin/musl-lab.js) where the world around it misbehaves: a
 * reader that goes away, an engine that never answers or is misnamed.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURES } from '../helpers/lab.js';

const BIN = path.join(import.meta.dirname, '..', '..', 'bin', 'musl-lab.js');
const tmp = await mkdtemp(path.join(os.tmpdir(), 'musl-lab-hard-'));
afterAll(() => rm(tmp, { recursive: true, force: true }));

/** Run the CLI with its stdout a pipe whose reader is already gone (like `| head -0`). */
function withClosedStdout(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('node', [BIN, ...args], { env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy(); // closed before the CLI has even started
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('a reader that went away (EPIPE)', () => {
  it('--help and verify --help end quietly with exit 0', async () => {
    for (const args of [['--help'], ['verify', '--help']]) {
      const r = await withClosedStdout(args);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    }
  });

  it('check and compare keep their usual exit code, with no stack trace', async () => {
    const usual = await execa('node', [BIN, 'check', '/bin/true', '--json'], { reject: false });
    const check = await withClosedStdout(['check', '/bin/true', '--json']);
    expect(check.stderr).toBe('');
    expect(check.code).toBe(usual.exitCode);
    const compare = await withClosedStdout(['compare', path.join(FIXTURES, 'segfaults.c'), '--json']);
    expect(compare.stderr).toBe('');
    expect(compare.code).toBe(0); // the same outcome on both
  });
});
