/**
 * Reading a room's exports: folders (their *.json files) and files. A file
 * that is not an export (corrupt, foreign, too big, not a file) is reported
 * by name and skipped; it never stops the report.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { EXPORT_KIND, EXPORT_VERSION, learnerExport, type LearnerExport } from './export.js';
import type { Skipped } from './report.js';

/** An export is a few KB; a file far bigger is not one. */
const MAX_EXPORT_BYTES = 1024 * 1024;
/** A room: the report reads at most this many exports and bytes in all; the rest are skipped, each named. */
export const MAX_LEARNERS = 1000;
export const MAX_ROOM_BYTES = 32 * 1024 * 1024;

export function loadExports(paths: string[]): { entries: { file: string; data: LearnerExport }[]; skipped: Skipped[] } {
  const entries: { file: string; data: LearnerExport }[] = [];
  const skipped: Skipped[] = [];
  const files: string[] = [];
  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch (e) {
      skipped.push({ file: p, why: (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or folder' : `cannot be read (${(e as NodeJS.ErrnoException).code})` });
      continue;
    }
    if (st.isDirectory()) {
      let names: string[];
      try {
        names = readdirSync(p).filter((n) => n.endsWith('.json')).sort();
      } catch (e) {
        skipped.push({ file: p, why: `the folder cannot be read (${(e as NodeJS.ErrnoException).code})` });
        continue;
      }
      if (!names.length) skipped.push({ file: p, why: 'the folder has no .json files' });
      files.push(...names.map((n) => path.join(p, n)));
    } else files.push(p);
  }
  let bytes = 0;
  for (const file of files) {
    if (entries.length >= MAX_LEARNERS) {
      skipped.push({ file, why: `not read: the report takes at most ${MAX_LEARNERS} learners` });
      continue;
    }
    if (bytes >= MAX_ROOM_BYTES) {
      skipped.push({ file, why: `not read: the exports already read reach ${MAX_ROOM_BYTES / 1024 / 1024} MB, far more than a room's` });
      continue;
    }
    const r = loadOne(file);
    if ('why' in r) skipped.push({ file, why: r.why });
    else {
      entries.push({ file, data: r.data });
      bytes += r.bytes;
    }
  }
  return { entries, skipped };
}

function loadOne(file: string): { data: LearnerExport; bytes: number } | { why: string } {
  let text: string;
  try {
    const st = statSync(file);
    if (!st.isFile()) return { why: 'not a regular file' };
    if (st.size > MAX_EXPORT_BYTES) return { why: `${(st.size / 1024 / 1024).toFixed(1)} MB is far too big for an export (at most ${MAX_EXPORT_BYTES / 1024 / 1024} MB)` };
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return { why: `cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { why: 'not valid JSON (damaged or cut short?)' };
  }
  const o = json as { kind?: unknown; version?: unknown } | null;
  if (!o || typeof o !== 'object' || o.kind !== EXPORT_KIND) return { why: 'not a musl-lab progress export (made with `musl-lab progress --export FILE`)' };
  if (typeof o.version === 'number' && o.version > EXPORT_VERSION) return { why: `made by a newer musl-lab (export format ${o.version}); update musl-lab to read it` };
  const parsed = learnerExport.safeParse(json);
  if (!parsed.success) return { why: `an export with unexpected content (${parsed.error.issues[0]?.path.join('.') || 'top level'}: ${parsed.error.issues[0]?.message})` };
  return { data: parsed.data, bytes: Buffer.byteLength(text) };
}
