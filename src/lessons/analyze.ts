/**
 * `musl-lab check` as a lesson step: the ELF compatibility report of a binary
 * becomes a run outcome (the report on stdout, the verdict as exit status:
 * 0 runs on musl as is, 1 gcompat or a rebuild, 2 cannot be judged), so the
 * checker can hold it to a lesson's expectations like any program's output.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { scanPaths } from '../elf/scan.js';
import { entryExitCode, renderCheck } from '../elf/view.js';
import { makeStyle } from '../term/style.js';

export async function analyzeBinary(name: string, bytes: Buffer): Promise<{ stdout: string; exitCode: number }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'musl-lab-analyze-'));
  const file = path.join(dir, path.basename(name));
  try {
    await writeFile(file, bytes, { mode: 0o755 });
    const entries = await scanPaths([file]);
    const exitCode = entries.reduce((max, e) => Math.max(max, entryExitCode(e)), 0);
    // plain style: no colours or symbols in what expectations are matched against
    const text = renderCheck({ entries, runs: new Map(), exitCode }, makeStyle({ color: false, plain: true }));
    return { stdout: text.replaceAll(file, path.basename(name)), exitCode };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
