import { describe, expect, it } from 'vitest';
import { CappedOutput } from '../../src/lab/capture.js';

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
