/**
 * The byte streams the engine speaks: the multiplexed output of attach and exec,
 * and tar archives in and out of a container. Archives go through
 * stream/promises pipelines, so a connection that drops mid-way rejects
 * instead of leaving a promise that never settles.
 */
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FileEntry } from './engine.js';

/**
 * Split the engine's multiplexed output (Tty off): frames of an 8-byte header
 * (stream 1 = stdout, 2 = stderr, 3 = the engine's own error; then a big-endian
 * length) and the bytes. Returns a function to push the connection's chunks into, in order.
 */
export function demultiplexer(stdout: (b: Buffer) => void, stderr: (b: Buffer) => void, system: (b: Buffer) => void): (chunk: Buffer) => void {
  let pending: Buffer = Buffer.alloc(0);
  return (chunk) => {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    while (pending.length >= 8) {
      const size = pending.readUInt32BE(4);
      if (pending.length < 8 + size) break;
      const payload = pending.subarray(8, 8 + size);
      if (pending[0] === 2) stderr(payload);
      else if (pending[0] === 3) system(payload); // the engine's, not the process's (moby stdcopy.Systemerr)
      else stdout(payload); // 0 (stdin echo) and 1 both carry what the process wrote
      pending = pending.subarray(8 + size);
    }
  };
}

/** tar-stream, loaded when files are copied (not every command copies any). */
const tarStream = async () => (await import('tar-stream')).default;

/** A tar archive of `files`, owned by uid:gid. */
export async function tarOf(files: FileEntry[], owner: { uid: number; gid: number }): Promise<Buffer> {
  const pack = (await tarStream()).pack();
  for (const f of files) {
    if (f.name.endsWith('/')) {
      pack.entry({ name: f.name, type: 'directory', mode: f.mode ?? 0o755, uid: owner.uid, gid: owner.gid });
      continue;
    }
    pack.entry({ name: f.name, mode: f.mode ?? 0o644, uid: owner.uid, gid: owner.gid }, typeof f.content === 'string' ? Buffer.from(f.content) : f.content);
  }
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const c of pack) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c as Uint8Array));
  return Buffer.concat(chunks);
}

/** The first regular file of a tar archive; rejects when the archive holds none or the stream breaks. */
export async function firstFileOf(archive: Readable, name: string): Promise<{ content: Buffer; mode: number }> {
  const extract = (await tarStream()).extract();
  let result: { content: Buffer; mode: number } | null = null;
  extract.on('entry', (header, body, next) => {
    const chunks: Buffer[] = [];
    body.on('data', (c: Buffer) => chunks.push(c));
    body.on('end', () => {
      if (!result && header.type === 'file') result = { content: Buffer.concat(chunks), mode: header.mode ?? 0o755 };
      next();
    });
    body.resume();
  });
  await pipeline(archive, extract);
  if (!result) throw new Error(`${name} is not a file`);
  return result;
}
