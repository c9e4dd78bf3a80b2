/**
 * Loading the catalogue of root causes from causes/<id>.yaml: parse (cached
 * like the lessons), validate, and report problems by file and field.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { LabError } from '../errors.js';
import { parseYamlCached } from '../util/yaml-cache.js';
import { projectFile } from '../util/project-root.js';
import { causeEntry, type CauseEntry } from './schema.js';

export interface Catalogue {
  entries: CauseEntry[];
  byId: ReadonlyMap<string, CauseEntry>;
}

/** The ids every catalogue must have: scripts depend on these names. */
export const REQUIRED_IDS = [
  'glibc-only-header', 'gnu-extension', 'gnu-constant', 'glibc-internal-name', 'glibc-macro-as-platform', 'feature-test-macros',
  'implicit-include', 'kernel-header-clash', 'lfs64', 'basename', 'strerror-r', 'stdio-object', 'struct-layout', 'resolver-api',
  'netdb-behaviour', 'dns-resolver-behaviour', 'thread-stack', 'lazy-binding', 'glibc-only-symbol', 'missing-loader', 'getopt-order',
  'sysconf-unsupported', 'errno-convention', 'time-zone', 'utmp', 'locale', 'malloc-behaviour', 'printf-format', 'unclassified',
] as const;

function fail(file: string, problems: string[]): never {
  throw new LabError('lesson-invalid', `The root-cause catalogue has problems:\n${problems.map((p) => `${file}: ${p}`).join('\n')}`, `Fix the field named in ${file} (the format is src/causes/schema.ts).`);
}

/** Every causes/*.yaml, in file-name order. Throws a LabError naming the file and field of the first bad entry. */
export function loadCatalogue(root = projectFile()): Catalogue {
  const dir = path.join(root, 'causes');
  let names: string[];
  try {
    names = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();
  } catch {
    throw new LabError('lesson-invalid', `The root-cause catalogue is missing: ${dir}.`, 'Reinstall musl-lab; the causes/ folder ships with it.');
  }
  const entries: CauseEntry[] = [];
  for (const name of names) {
    const file = path.join('causes', name);
    let raw: unknown;
    try {
      raw = parseYamlCached(readFileSync(path.join(dir, name), 'utf8'));
    } catch (e) {
      fail(file, [`not valid YAML: ${(e as Error).message.split('\n')[0]}`]);
    }
    const parsed = causeEntry.safeParse(raw);
    if (!parsed.success) fail(file, parsed.error.issues.slice(0, 5).map((i) => `${i.path.length ? i.path.join('.') : '(top level)'}: ${i.message}`));
    if (`${parsed.data.id}.yaml` !== name) fail(file, [`id: is "${parsed.data.id}" but the file is ${name}`]);
    if (parsed.data.signals.length === 0 && parsed.data.id !== 'unclassified') fail(file, ['signals: a cause needs at least one way to recognise it']);
    entries.push(parsed.data);
  }
  const byId = new Map(entries.map((e) => [e.id, e]));
  const missing = REQUIRED_IDS.filter((id) => !byId.has(id));
  if (missing.length) fail('causes/', [`missing entries: ${missing.join(', ')}`]);
  return { entries, byId };
}

let cached: Catalogue | undefined;
/** The installed catalogue, loaded once per process. */
export function catalogue(): Catalogue {
  return (cached ??= loadCatalogue());
}
