/**
 * The folders of src/ui import one way (src/ui/README.md): the state knows
 * nothing of keys, hooks or views; keys know nothing of views; components know
 * nothing of the tutorial. Every file of src/ui sits in one of these folders.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const UI = path.join(import.meta.dirname, '..', '..', 'src', 'ui');
const FOLDERS = ['state', 'input', 'hooks', 'views', 'components'] as const;
/** What each folder may import from the others. */
const MAY: Record<(typeof FOLDERS)[number], string[]> = {
  state: [],
  input: ['state', 'hooks'],
  hooks: ['state'],
  views: ['state', 'input', 'hooks', 'components'],
  components: [],
};

const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((n) => {
    const f = path.join(dir, n);
    return statSync(f).isDirectory() ? files(f) : /\.tsx?$/.test(n) ? [f] : [];
  });

describe('src/ui folders', () => {
  it('every source file is in a folder by what it does (render-tutorial.tsx alone at the root)', () => {
    const top = readdirSync(UI).filter((n) => /\.tsx?$/.test(n));
    expect(top).toEqual(['render-tutorial.tsx']);
    expect(readdirSync(UI).filter((n) => statSync(path.join(UI, n)).isDirectory()).sort()).toEqual([...FOLDERS].sort());
  });

  it('imports between the folders run one way', () => {
    const wrong: string[] = [];
    for (const folder of FOLDERS) {
      for (const f of files(path.join(UI, folder))) {
        for (const m of readFileSync(f, 'utf8').matchAll(/from '(\.[^']+)'/g)) {
          const target = path.relative(UI, path.resolve(path.dirname(f), m[1]!));
          const to = target.split(path.sep)[0]!;
          if (to.startsWith('..') || to === folder || !FOLDERS.includes(to as never)) continue;
          if (!MAY[folder].includes(to)) wrong.push(`${path.relative(UI, f)} imports ${target}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });
});
