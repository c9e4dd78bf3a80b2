import { beforeAll, describe, expect, it } from 'vitest';
import { preloadMarkdown, renderMarkdown } from '../../src/term/markdown.js';

describe('renderMarkdown', () => {
  beforeAll(() => preloadMarkdown());

  it('renders inline markup inside list items (no literal ** or backticks)', () => {
    const out = renderMarkdown('* musl passes **128 KiB** with `memset`\n* plain\n\n1. first **one**\n', 60, false).join('\n');
    expect(out).toContain('musl passes 128 KiB with memset');
    expect(out).toContain('first one');
    expect(out).not.toMatch(/\*\*|`/);
  });

  it('wraps to the width and drops colour when colour is off', () => {
    const lines = renderMarkdown('word '.repeat(40), 30, false);
    expect(lines.length).toBeGreaterThan(4);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(30);
    expect(lines.join('')).not.toContain('\x1b[');
  });
});
