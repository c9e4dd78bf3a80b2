import { describe, expect, it } from 'vitest';
import { CappedOutput, EndMarker, MarkerSplit } from '../../src/lab/capture.js';

describe('CappedOutput', () => {
  it('keeps everything under the cap, with no marker', () => {
    const c = new CappedOutput(10, 100);
    c.push(Buffer.from('hello\n'));
    expect(c.truncated).toBe(false);
    expect(c.text()).toBe('hello\n');
  });

  it('keeps the first bytes, counts the rest, and marks the cut', () => {
    const c = new CappedOutput(4, 100);
    c.push(Buffer.from('abc'));
    c.push(Buffer.from('defgh'));
    expect(c.truncated).toBe(true);
    expect(c.total).toBe(8);
    expect(c.text()).toBe('abcd\n[musl-lab: output truncated: kept 4 of 8 bytes]\n');
  });

  it('calls the over-limit hook exactly once, when the total first passes the hard limit', () => {
    let calls = 0;
    const c = new CappedOutput(2, 5, () => calls++);
    c.push(Buffer.from('abc'));
    expect(calls).toBe(0);
    c.push(Buffer.from('abc'));
    c.push(Buffer.from('abc'));
    expect(calls).toBe(1);
    expect(c.text()).toContain('kept 2 of 9+ bytes');
  });

  it('stays bounded whatever it is fed', () => {
    const c = new CappedOutput(1024, Number.MAX_SAFE_INTEGER);
    const chunk = Buffer.alloc(64 * 1024, 120);
    for (let i = 0; i < 2000; i++) c.push(chunk); // 128 MiB
    expect(c.text().length).toBeLessThan(1024 + 200);
    expect(c.total).toBe(2000 * 64 * 1024);
  });
});

describe('MarkerSplit', () => {
  const setup = (keep = 100) => {
    const after: string[] = [];
    const seen: number[] = [];
    const m = new MarkerSplit('MARK123', keep, (s) => seen.push(s), (b) => after.push(b.toString()));
    return { m, after, seen };
  };

  it('splits at the marker, even when it arrives in pieces', () => {
    const { m, after, seen } = setup();
    for (const piece of ['warning: x\n', '\nMA', 'RK123 ', '0\npro', 'gram err\n']) m.push(Buffer.from(piece));
    expect(m.before()).toBe('warning: x\n');
    expect(seen).toEqual([0]);
    expect(m.status).toBe(0);
    expect(after.join('')).toBe('program err\n');
  });

  it('reports a failed build status and forwards nothing before the marker', () => {
    const { m, after } = setup();
    m.push(Buffer.from('x.c:1: error: boom\n\nMARK123 1\n'));
    expect(m.status).toBe(1);
    expect(m.before()).toBe('x.c:1: error: boom\n');
    expect(after).toEqual([]);
  });

  it('keeps memory bounded under a flood of diagnostics and still finds the marker', () => {
    const { m } = setup(50);
    const line = Buffer.from('error: again and again\n');
    for (let i = 0; i < 10000; i++) m.push(line);
    m.push(Buffer.from('\nMARK123 1\n'));
    expect(m.status).toBe(1);
    expect(m.before().length).toBeLessThan(400);
    expect(m.before()).toMatch(/bytes of compiler output dropped/);
  });

  it('says not found when the marker never came', () => {
    const { m } = setup();
    m.push(Buffer.from('sh: gcc: not found\n'));
    expect(m.found).toBe(false);
    expect(m.before()).toBe('sh: gcc: not found\n');
  });
});

describe('EndMarker', () => {
  it('forwards everything before the marker, in order, and reads the status', () => {
    const got: string[] = [];
    const e = new EndMarker('END-abc', (b) => got.push(b.toString()));
    const text = 'x'.repeat(100) + 'no newline at the end';
    for (const piece of [text.slice(0, 50), text.slice(50), '\nEND-a', 'bc 13', '9\n']) e.push(Buffer.from(piece));
    expect(got.join('')).toBe(text);
    expect(e.status).toBe(139);
  });

  it('streams long output before the end arrives (only a short tail is held)', () => {
    let n = 0;
    const e = new EndMarker('END-abc', (b) => (n += b.length));
    e.push(Buffer.alloc(100_000, 120));
    expect(n).toBeGreaterThan(99_900);
    expect(e.done).toBe(false);
  });

  it('is not fooled by a marker with another id', () => {
    const got: string[] = [];
    const e = new EndMarker('END-abc', (b) => got.push(b.toString()));
    e.push(Buffer.from('a\nEND-xyz 0\nb\nEND-abc 0\n'));
    expect(got.join('')).toBe('a\nEND-xyz 0\nb');
  });
});
