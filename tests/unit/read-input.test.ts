import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, symlink, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readInputFile } from '../../src/util/read-input.js';

const dir = await mkdtemp(path.join(os.tmpdir(), 'musl-lab-input-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('readInputFile: only a regular file of a bounded size', () => {
  it('reads a regular file exactly', async () => {
    await writeFile(path.join(dir, 'ok.c'), Buffer.from([0xff, 0x00, 0x41]));
    expect(await readInputFile(path.join(dir, 'ok.c'), 'the source')).toEqual(Buffer.from([0xff, 0x00, 0x41]));
  });

  it('a FIFO with no writer is refused at once (it would block forever)', async () => {
    const fifo = path.join(dir, 'fifo.c');
    execFileSync('mkfifo', [fifo]);
    await expect(readInputFile(fifo, 'the --stdin file')).rejects.toMatchObject({ kind: 'bad-input', message: expect.stringMatching(/is a named pipe \(FIFO\), not a file/) });
  });

  it('a symlink to /dev/zero is refused (a device never ends)', async () => {
    await symlink('/dev/zero', path.join(dir, 'zero.c'));
    await expect(readInputFile(path.join(dir, 'zero.c'), 'the source')).rejects.toMatchObject({ kind: 'bad-input', message: expect.stringMatching(/is a device, not a file/) });
    await expect(readInputFile('/dev/zero', 'the --stdin file')).rejects.toMatchObject({ kind: 'bad-input' });
  });

  it('a folder and a missing file are refused with their reason', async () => {
    await mkdir(path.join(dir, 'folder.c'));
    await expect(readInputFile(path.join(dir, 'folder.c'), 'the source')).rejects.toThrow(/is a folder/);
    await expect(readInputFile(path.join(dir, 'missing.c'), 'the source')).rejects.toThrow(/Cannot read the source .*ENOENT/);
  });

  it('a file over the limit is refused with its size and the limit', async () => {
    await writeFile(path.join(dir, 'big.c'), Buffer.alloc(2048, 0x20));
    await expect(readInputFile(path.join(dir, 'big.c'), 'the source', 1024)).rejects.toMatchObject({ kind: 'bad-input', message: expect.stringMatching(/big\.c is over 0\.00 MiB|at most/) });
  });
});
