/** Where raw traces go: the learner's data folder, traces/<time>-<program>-<env>.txt (said on screen). */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { dataDir } from '../util/data-dir.js';
import type { TraceSide } from './trace.js';
import type { SavedTraces } from './view.js';

export async function saveTraces(env: NodeJS.ProcessEnv, program: string, sides: TraceSide[], now = new Date()): Promise<SavedTraces> {
  const dir = path.join(dataDir(env), 'traces');
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, '').replace('T', '-');
  const name = path.basename(program).replace(/\.c$/, '');
  const saved: SavedTraces = {};
  await mkdir(dir, { recursive: true });
  for (const s of sides) {
    if (!s.raw) continue;
    const file = path.join(dir, `${stamp}-${name}-${s.env}.txt`);
    await writeFile(file, s.raw);
    saved[s.env] = file;
  }
  return saved;
}
