/** The package version, read from package.json (a module of its own: --version loads nothing else). */
import { readFileSync } from 'node:fs';
import { projectFile } from '../util/project-root.js';

export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(projectFile('package.json'), 'utf8')) as { version: string };
  return pkg.version;
}
