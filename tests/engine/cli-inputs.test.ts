/**
 * Issue 21: `compare` inputs that used to hang the CLI (a FIFO, /dev/zero behind a
 * .c name, `--stdin /dev/zero`, `--stdin FIFO`) or were cut silently (more than 4096
 * files or arguments) are refused at once with a reason and exit 2. The real CLI.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = path.join(import.meta.dirname, '..', '..', 'bin', 'musl-lab.js');
const tmp = await mkdtemp(path.join(os.tmpdir(), 'musl-lab-inputs-'));
afterAll(() => rm(tmp, { recursive: true, force: true }));
const ok = path.join(tmp, 'ok.c');
await writeFile(ok, 'int main(void) { return 0; }\n');
await symlink('/dev/zero', path.join(tmp, 'zero.c'));
execFileSync('mkfifo', [path.join(tmp, 'fifo.c'), path.join(tmp, 'fifo.in')]);

const compare = (args: string[]) => execa('node', [BIN, 'compare', ...args], { reject: false, timeout: 30_000, env: { NO_COLOR: '1' } });

describe('compare refuses inputs it cannot read to an end', () => {
  it.each([
    [['zero.c'], /zero\.c is a device, not a file/],
    [['fifo.c'], /fifo\.c is a named pipe \(FIFO\), not a file/],
    [['ok.c', '--stdin', '/dev/zero'], /--stdin file \/dev\/zero is a device, not a file/],
    [['ok.c', '--stdin', 'fifo.in'], /--stdin file .*fifo\.in is a named pipe \(FIFO\), not a file/],
  ])('compare %j: exit 2 at once, with the reason', async (args, why) => {
    const r = await compare(args.map((a) => (a.startsWith('/') || a.startsWith('-') ? a : path.join(tmp, a))));
    expect(r.timedOut).toBe(false);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(why);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('a source over 16 MiB: exit 2 with its size and the limit', async () => {
    const big = path.join(tmp, 'big.c');
    await writeFile(big, Buffer.alloc(17 * 1024 * 1024, 0x20));
    const r = await compare([big]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/big\.c is over 16 MiB; the lab takes at most 16 MiB per file/);
  });

  it('more than 4000 files and arguments: exit 2, never a silently shorter argv', async () => {
    const r = await compare([ok, '--', ...Array.from({ length: 4100 }, (_, i) => String(i))]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/4100 arguments .* compare takes at most 4000/);
  });
});
