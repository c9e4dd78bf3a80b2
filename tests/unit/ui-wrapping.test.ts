/**
 * Wrapping that reads well: prose breaks at spaces only (never where a style
 * ends: "`ndots:5`)." kept whole), a list item's wrapped lines stay under its
 * text, and a folded output's tail starts at the beginning of a line.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { preloadMarkdown, reflow, renderMarkdown } from '../../src/term/markdown.js';
import { envBodyRows, outputRows } from '../../src/ui/views/run-view.js';
import { stripVTControlCharacters as stripAnsi } from 'node:util';
import { fold } from '../../src/term/scroll.js';
import { makeStyle } from '../../src/term/style.js';

beforeAll(() => preloadMarkdown());

const PROSE = [
  'The pod resolves with the options of its resolv.conf (`ndots:5`). A name with fewer dots than that',
  'is tried with each search domain first, then as written (see `res_nquery`). Kubernetes writes it so.',
  '',
  '- nothing mapped there: the write faults (`SIGSEGV`), far from the guard page, so the crash looks',
  '  unrelated to stacks, and nobody thinks of the thread that overran its stack (`pthread_attr_setstacksize`).',
  '- some other memory of the process: no fault at all.',
  '',
  '1. musl needs a search domain answered (`NXDOMAIN`) before it goes on to the next one in the list, and a domain that answers SERVFAIL is asked again.',
].join('\n');

describe('prose wrapping', () => {
  for (const color of [true, false]) {
    for (const width of [39, 59, 79, 99]) {
      it(`${color ? 'colour' : 'no colour'} at ${width}: no line starts with punctuation left behind by a style, list text stays indented`, () => {
        const lines = renderMarkdown(PROSE, width, color).map(stripAnsi);
        for (const l of lines) expect(l.length).toBeLessThanOrEqual(width);
        // nothing but a new word starts a line
        for (const l of lines) expect(l).not.toMatch(/^\s*[).,:;]/);
        const text = lines.join(' ').replace(/\s+/g, ' ');
        for (const w of ['(ndots:5).', '(see res_nquery).', '(SIGSEGV),', '(pthread_attr_setstacksize).', '(NXDOMAIN)']) expect(text).toContain(w);
        // every line of a list item after its first sits under its text, not under the bullet
        const items = lines.findIndex((l) => /^\s*\* nothing mapped/.test(l));
        const indent = lines[items]!.indexOf('nothing');
        for (let i = items + 1; i < lines.length && !/^\s*\* some/.test(lines[i]!); i++) expect(lines[i]!.slice(0, indent).trim()).toBe('');
        const num = lines.findIndex((l) => /^\s*1\. musl/.test(l));
        expect(lines[num + 1]!.startsWith(' '.repeat(lines[num]!.indexOf('musl')))).toBe(true);
      });
    }
  }

  it('reflow keeps a short line as it is and cuts a rule to the width', () => {
    expect(reflow('short', 20)).toEqual(['short']);
    expect(reflow('─'.repeat(300), 20)).toEqual(['─'.repeat(20)]);
  });
});

describe('folded output', () => {
  const st = makeStyle({ color: false, plain: false });
  // one short line, then lines longer than the column: the rows after the fold must not start mid-word
  const text = ['first', ...Array.from({ length: 20 }, (_, i) => `line ${i}: the configuration is a failure, with glibc behaviour inside ${i}`)].join('\n') + '\n';

  it('outputRows marks the rows that continue a line cut at the column', () => {
    const { rows, starts } = outputRows(text, 30);
    expect(rows.length).toBe(starts.length);
    expect(rows.length).toBeGreaterThan(21);
    expect(starts.filter(Boolean).length).toBe(21);
    rows.forEach((r, i) => expect(starts[i]).toBe(/^(first|line \d+:)/.test(r)));
  });

  it('the tail after the fold begins at a line start', () => {
    const body = envBodyRows(undefined, { env: 'musl', exitCode: 0, signal: null, stdout: text, stderr: '', timedOut: false, truncated: false, durationMs: 1 }, 30, st, { command: false });
    for (const height of [5, 6, 7, 8, 9, 10, 11]) {
      const shown = fold(body.lines, height, (n) => `… ${n} more lines`, body.starts);
      const marker = shown.findIndex((l) => l.startsWith('…'));
      const hidden = Number(/… (\d+) more/.exec(shown[marker]!)![1]);
      expect(marker + hidden + (shown.length - marker - 1)).toBe(body.lines.length); // nothing counted twice or lost
      if (marker + 1 < shown.length) expect(shown[marker + 1]).toMatch(/^line \d+:/);
      expect(shown.length).toBeLessThanOrEqual(height);
    }
  });
});
