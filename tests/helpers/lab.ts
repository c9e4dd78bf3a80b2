/** Shared set-up for engine tests: a real engine, the real lab images. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DockerEngine } from '../../src/engine/client.js';
import { Lab } from '../../src/lab/sandbox.js';
import type { SourceFile } from '../../src/lab/types.js';

export const FIXTURES = path.join(import.meta.dirname, '..', 'fixtures', 'c');

/** A fixture program by its outcome name, e.g. "segfaults". */
export function fixture(name: string): SourceFile[] {
  return [{ name: `${name}.c`, content: readFileSync(path.join(FIXTURES, `${name}.c`)) }];
}

/** A lab against the engine from the environment. No mock: if Docker is missing, this fails. */
export function realLab(): { engine: DockerEngine; lab: Lab } {
  const engine = new DockerEngine();
  return { engine, lab: new Lab({ engine }) };
}
