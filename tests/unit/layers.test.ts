/**
 * The layers of src/ (README "Layers"): a folder imports only from its own layer or the
 * layers below, and nothing imports in a circle, neither folders nor files. This reads
 * every import of src/ (`import type`, `export ... from` and dynamic `import()` included:
 * each is an arrow in the design, whatever it costs at run time).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.join(import.meta.dirname, '..', '..', 'src');

/**
 * Bottom to top. `.` is the files directly in src/ (errors.ts). Folders of one layer may
 * import each other, one way only (the circle check); a folder missing here fails the test.
 */
const LAYERS: string[][] = [
  ['.', 'util', 'term'], // no knowledge of the lab: errors, the file lock, the data dir, YAML caching; all terminal text
  ['engine'], // Docker only: where the engine is, the one client (dockerode), its streams and errors (quirks.ts: what Podman is asked differently); no knowledge of the lab
  ['lab', 'elf', 'causes'], // the sandbox (agent, sessions, warm containers, the DNS lab); reading ELF binaries; the root-cause catalogue
  ['images', 'explain', 'trace', 'compare', 'check'], // the lab images' recipes and builds; what runs mean: a crash explained, a trace, two sides compared, outcomes against expectations
  ['lessons', 'port'], // the course (format, step runner, verify); porting a project
  ['progress', 'report', 'workspace', 'class'], // what the learner did and wrote, and reports of it
  ['ui'], // the tutorial (Ink)
  ['cli'], // the commands
];

/** Every .ts/.tsx file under src/, relative to it. */
function sourceFiles(dir = SRC): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [path.relative(SRC, full)] : [];
  });
}

const FILES = sourceFiles();
const KNOWN = new Set(FILES);

// import/export ... from '…' (type-only too), bare import '…', and import('…')
const SPECIFIER = /^\s*(?:import|export)\s+(?:[^'";]*?\sfrom\s*)?['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/gm;

/** The files of src/ that `file` imports (relative specifiers; `.js` names the .ts or .tsx file). */
function importsOf(file: string): string[] {
  const text = readFileSync(path.join(SRC, file), 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(SPECIFIER)) {
    const spec = (m[1] ?? m[2])!;
    if (!spec.startsWith('.')) continue;
    const base = path.relative(SRC, path.resolve(SRC, path.dirname(file), spec)).replace(/\.(js|ts|tsx)$/, '');
    const target = [`${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')].find((f) => KNOWN.has(f));
    if (!target) throw new Error(`${file}: import '${spec}' names no file of src/`);
    out.push(target);
  }
  return out;
}

const GRAPH = new Map(FILES.map((f) => [f, importsOf(f)]));
const folderOf = (file: string) => (file.includes(path.sep) ? file.split(path.sep)[0]! : '.');
const layerOf = (folder: string) => LAYERS.findIndex((l) => l.includes(folder));

/** Circles of a graph: its strongly connected components of more than one node (Tarjan). */
function circles(graph: Map<string, Set<string>>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const part: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        part.push(w);
      } while (w !== v);
      if (part.length > 1) found.push(part.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

/** One shortest circle through the first node of a circle component, e.g. a -> b -> a (for the message). */
function oneCircle(graph: Map<string, Set<string>>, part: string[]): string[] {
  const start = part[0]!;
  const from = new Map<string, string>();
  const queue = [start];
  while (queue.length) {
    const v = queue.shift()!;
    for (const w of graph.get(v) ?? []) {
      if (!part.includes(w)) continue;
      if (w === start) {
        const between: string[] = [];
        for (let u = v; u !== start; u = from.get(u)!) between.unshift(u);
        return [start, ...between, start];
      }
      if (!from.has(w)) {
        from.set(w, v);
        queue.push(w);
      }
    }
  }
  return part;
}

/** The file imports behind one arrow between folders (for the message). */
const arrowsBetween = (a: string, b: string) => [...GRAPH].flatMap(([f, ts]) => (folderOf(f) === a ? ts.filter((t) => folderOf(t) === b).map((t) => `${f} -> ${t}`) : []));

describe('layers: imports run down, never in a circle', () => {
  it('every folder of src/ has a layer', () => {
    const folders = [...new Set(FILES.map(folderOf))];
    expect(folders.filter((f) => layerOf(f) < 0)).toEqual([]);
  });

  it('no import runs up a layer', () => {
    const up = [...GRAPH].flatMap(([f, ts]) => ts.filter((t) => layerOf(folderOf(t)) > layerOf(folderOf(f))).map((t) => `${f} -> ${t}`));
    expect(up).toEqual([]);
  });

  it('no circle between folders', () => {
    const folders = new Map<string, Set<string>>();
    for (const [f, ts] of GRAPH) for (const t of ts) if (folderOf(f) !== folderOf(t)) folders.set(folderOf(f), (folders.get(folderOf(f)) ?? new Set()).add(folderOf(t)));
    const found = circles(folders).map((part) => {
      const circle = oneCircle(folders, part);
      return { folders: part, circle: circle.join(' -> '), through: circle.slice(1).flatMap((b, i) => arrowsBetween(circle[i]!, b)) };
    });
    expect(found).toEqual([]);
  });

  it('no circle between files', () => {
    const files = new Map([...GRAPH].map(([f, ts]) => [f, new Set(ts)]));
    expect(circles(files).map((part) => oneCircle(files, part).join(' -> '))).toEqual([]);
  });

  it('the check sees what it checks: a circle and an upward arrow are found', () => {
    // the graph code itself, on a made-up graph: without this a broken regex would pass everything
    const made = new Map([['a', new Set(['b', 'd'])], ['b', new Set(['c'])], ['c', new Set(['a'])], ['d', new Set(['a'])], ['e', new Set(['a'])]]);
    expect(circles(made)).toEqual([['a', 'b', 'c', 'd']]);
    expect(oneCircle(made, ['a', 'b', 'c', 'd'])).toEqual(['a', 'd', 'a']);
    expect(GRAPH.get(path.join('cli', 'main.ts'))!.length).toBeGreaterThan(0);
    // import type and import() are arrows too
    expect(GRAPH.get(path.join('lab', 'dns', 'net-lab.ts'))).toContain(path.join('lab', 'session.ts'));
    expect(GRAPH.get(path.join('term', 'wide-text.ts'))).toContain(path.join('term', 'columns.ts'));
  });
});
