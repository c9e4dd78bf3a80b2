/**
 * The folder that holds package.json, docker/, lessons/ and c-src/. Found by
 * walking up from this module, so it is the same whether the code runs from
 * src/ (tests), dist/ (tsc) or dist/bundle/ (the bundled CLI).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

export function projectRoot(): string {
  if (root) return root;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!(existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'docker')))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`musl-lab cannot find its own folder (package.json and docker/) above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
  return (root = dir);
}

/** A file of the project, by its path from the project folder. */
export const projectFile = (...parts: string[]): string => path.join(projectRoot(), ...parts);
