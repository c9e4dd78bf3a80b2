/** A mistyped command gets "did you mean": the nearest name within two edits, nothing for a word far from all. */
import { describe, expect, it } from 'vitest';
import { closest } from '../../src/util/closest.js';

const names = ['compare', 'check', 'doctor', 'verify', 'images', 'tutorial', 'stop', 'progress', 'class'];

describe('closest', () => {
  it('finds the command a typo meant', () => {
    expect(closest('comprae', names)).toBe('compare');
    expect(closest('verfy', names)).toBe('verify');
    expect(closest('docter', names)).toBe('doctor');
    expect(closest('Images', names)).toBe('images');
    expect(closest('clas', names)).toBe('class');
  });
  it('says nothing when no name is near', () => {
    expect(closest('hello.c', names)).toBeUndefined();
    expect(closest('xy', names)).toBeUndefined();
  });
});
