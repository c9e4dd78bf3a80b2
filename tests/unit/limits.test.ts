import { describe, expect, it } from 'vitest';
import { LIMITS, shQuote, shellLine } from '../../src/lab/limits.js';
import { gccCommand } from '../../src/lab/sandbox.js';

describe('shQuote', () => {
  it('leaves plain words alone and quotes the rest safely', () => {
    expect(shQuote('/lab/r1')).toBe('/lab/r1');
    expect(shQuote("it's")).toBe(`'it'\\''s'`);
    expect(shQuote('a b;rm -rf /')).toBe(`'a b;rm -rf /'`);
  });

  it('shows a command line as typed, quoting kept', () => {
    expect(shellLine(['sh', '-c', 'ldd --version 2>&1'])).toBe(`sh -c 'ldd --version 2>&1'`);
  });
});

describe('gccCommand', () => {
  it('warnings on, sources before flags', () => {
    expect(gccCommand('prog', ['main.c', 'x.h'], ['-static'])).toEqual(['gcc', '-Wall', '-Wextra', '-o', 'prog', 'main.c', '-static']);
  });

  it('musl-gcc takes the place of gcc, with the same flags in the same order', () => {
    expect(gccCommand('prog', ['main.c'], ['-static'], 'musl-gcc')).toEqual(['musl-gcc', '-Wall', '-Wextra', '-o', 'prog', 'main.c', '-static']);
  });

  it('a file whose name starts with a dash can never be read as an option', () => {
    const c = gccCommand('-E', ['-E.c']);
    expect(c).toEqual(['gcc', '-Wall', '-Wextra', '-o', './-E', './-E.c']);
  });
});

describe('LIMITS', () => {
  it('keeps the container pids above the per-run process limit (so cleanup can always start)', () => {
    expect(LIMITS.containerPids).toBeGreaterThan(LIMITS.runProcesses);
  });
});

