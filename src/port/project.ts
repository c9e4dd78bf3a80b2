/** The project folder as one tar archive for the environments: every file under it (not .git), within the stated size. */
import { lstat, readdir, readFile, readlink } from 'node:fs/promises';
import path from 'node:path';
import { LabError } from '../errors.js';

/** The largest project port copies (the files' total size); the build must fit in /lab's 128 MiB. */
export const PROJECT_MAX_BYTES = 32 * 1024 * 1024;
const SKIP = new Set(['.git', '.hg', '.svn']);

export interface ProjectFile {
  /** Path inside the project, with / */
  name: string;
  mode: number;
  content?: Buffer;
  linkTarget?: string;
  dir?: boolean;
}

export interface Project {
  root: string;
  files: ProjectFile[];
  bytes: number;
  /** Top-level names (for choosing the build). */
  top: string[];
  /** The top-level Makefile's text, if any. */
  makefile?: string;
}

export async function readProject(root: string, maxBytes = PROJECT_MAX_BYTES): Promise<Project> {
  const st = await lstat(root).catch(() => null);
  if (!st?.isDirectory()) throw new LabError('bad-input', `${root} is not a folder.`, 'Give the project folder, e.g. `musl-lab port .` or `musl-lab port path/to/project`.');
  const files: ProjectFile[] = [];
  let bytes = 0;
  const walk = async (rel: string) => {
    for (const e of (await readdir(path.join(root, rel), { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
      if (SKIP.has(e.name)) continue;
      const name = rel ? `${rel}/${e.name}` : e.name;
      const full = path.join(root, name);
      const s = await lstat(full);
      if (s.isSymbolicLink()) files.push({ name, mode: 0o777, linkTarget: await readlink(full) });
      else if (s.isDirectory()) {
        files.push({ name, mode: s.mode & 0o777, dir: true });
        await walk(name);
      } else if (s.isFile()) {
        bytes += s.size;
        if (bytes > maxBytes) throw new LabError('bad-input', `${root} holds more than ${maxBytes / 1024 / 1024} MiB of files.`, 'Port a smaller folder (without build output or data files), or run `make clean` first.');
        files.push({ name, mode: s.mode & 0o777, content: await readFile(full) });
      }
    }
  };
  await walk('');
  const top = files.filter((f) => !f.name.includes('/')).map((f) => f.name);
  const mk = ['GNUmakefile', 'makefile', 'Makefile'].find((m) => top.includes(m));
  const makefile = mk ? files.find((f) => f.name === mk)?.content?.toString('utf8') : undefined;
  return { root, files, bytes, top, makefile };
}

/** The project as a tar archive (ustar), modes kept (configure stays executable). */
export async function packProject(p: Project): Promise<Buffer> {
  const tar = (await import('tar-stream')).default;
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  pack.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    pack.on('end', () => resolve());
    pack.on('error', reject);
  });
  for (const f of p.files) {
    if (f.dir) pack.entry({ name: `${f.name}/`, type: 'directory', mode: f.mode | 0o700 });
    else if (f.linkTarget !== undefined) pack.entry({ name: f.name, type: 'symlink', linkname: f.linkTarget });
    else pack.entry({ name: f.name, mode: f.mode | 0o600 }, f.content!);
  }
  pack.finalize();
  await done;
  return Buffer.concat(chunks);
}

/** The files of a tar archive by name (the logs the environment sent back). */
export async function unpackLogs(archive: Buffer): Promise<Map<string, Buffer>> {
  const tar = (await import('tar-stream')).default;
  const out = new Map<string, Buffer>();
  const extract = tar.extract();
  const done = new Promise<void>((resolve, reject) => {
    extract.on('entry', (header, stream, next) => {
      const parts: Buffer[] = [];
      stream.on('data', (c: Buffer) => parts.push(c));
      stream.on('end', () => {
        if (header.type === 'file') out.set(header.name.replace(/^\.\//, ''), Buffer.concat(parts));
        next();
      });
      stream.resume();
    });
    extract.on('finish', () => resolve());
    extract.on('error', reject);
  });
  extract.end(archive);
  await done;
  return out;
}
