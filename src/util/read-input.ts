/**
 * Reading a file the learner names on the command line (a source, `--stdin`):
 * only a regular file of a bounded size. A FIFO, a device such as /dev/zero
 * (also behind a symlink) or a folder would block the read forever or never
 * end; they are refused with a reason, as the progress store refuses them.
 */
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { LabError } from '../errors.js';

/** Largest single input (a source file or `--stdin`): far above any C file, below the lab's 64 MiB per run. */
export const MAX_INPUT_BYTES = 16 * 1024 * 1024;

/** What a path that is not a regular file is, in words ("a named pipe (FIFO)", "a device" ...). */
export const fileKind = (st: { isDirectory(): boolean; isFIFO(): boolean; isSocket(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean }) =>
  st.isDirectory() ? 'a folder' : st.isFIFO() ? 'a named pipe (FIFO)' : st.isSocket() ? 'a socket' : st.isCharacterDevice() || st.isBlockDevice() ? 'a device' : 'not a regular file';

/** The bytes of `file`, or a bad-input LabError naming `what` (e.g. "the source", "the --stdin file"). */
export async function readInputFile(file: string, what: string, maxBytes = MAX_INPUT_BYTES): Promise<Buffer> {
  let handle;
  try {
    // O_NONBLOCK: opening a FIFO with no writer would otherwise wait forever before any check could run
    handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    throw new LabError('bad-input', `Cannot read ${what} ${file}: ${(e as NodeJS.ErrnoException).code ?? e}.`, 'Check the path; it is relative to the current folder.');
  }
  try {
    const st = await handle.stat();
    if (!st.isFile()) throw new LabError('bad-input', `${what[0]!.toUpperCase()}${what.slice(1)} ${file} is ${fileKind(st)}, not a file.`, 'Give a regular file: save the data to a file first.');
    if (st.size > maxBytes) throw tooLarge(file, what, st.size, maxBytes);
    // read to the end, never past the limit (a file that grows while it is read)
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buf = Buffer.alloc(Math.min(1 << 20, maxBytes + 1 - total));
      const { bytesRead } = await handle.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      chunks.push(buf.subarray(0, bytesRead));
      total += bytesRead;
      if (total > maxBytes) throw tooLarge(file, what, total, maxBytes);
    }
    return Buffer.concat(chunks);
  } finally {
    await handle.close();
  }
}

function tooLarge(file: string, what: string, size: number, max: number): LabError {
  const mib = (n: number) => `${(n / 1024 / 1024).toFixed(n < 1024 * 1024 ? 2 : 0)} MiB`;
  return new LabError('bad-input', `${what[0]!.toUpperCase()}${what.slice(1)} ${file} is ${size > max ? `over ${mib(max)}` : mib(size)}; the lab takes at most ${mib(max)} per file.`, 'Give a smaller file.');
}
