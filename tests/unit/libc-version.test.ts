import { describe, expect, it } from 'vitest';
import { parseLibcVersion } from '../../src/images/images.js';

describe('parseLibcVersion', () => {
  it('reads musl from its loader', () => {
    expect(parseLibcVersion('musl libc (x86_64)\nVersion 1.2.5\nDynamic Program Loader\nUsage: ldd')).toEqual({ libc: 'musl', version: '1.2.5' });
  });
  it('reads glibc from Debian and Ubuntu ldd', () => {
    expect(parseLibcVersion('ldd (Debian GLIBC 2.41-12) 2.41\nCopyright (C) 2024')).toEqual({ libc: 'glibc', version: '2.41' });
    expect(parseLibcVersion('ldd (Ubuntu GLIBC 2.39-0ubuntu8.6) 2.39\n')).toEqual({ libc: 'glibc', version: '2.39' });
  });
  it('says unknown for anything else', () => {
    expect(parseLibcVersion('sh: ldd: not found')).toEqual({ libc: 'unknown', version: null });
  });
});
