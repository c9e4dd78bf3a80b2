/** Environments are named for what they are: musl-gcompat is musl behind a glibc-loader shim, not Alpine's gcompat. */
import { describe, expect, it } from 'vitest';
import { ENVIRONMENTS } from '../../src/lab/environments.js';

describe('environment names', () => {
  it('musl-gcompat says what it is (doctor, images list and errors read these)', () => {
    const e = ENVIRONMENTS['musl-gcompat'];
    expect(e.title).toBe('musl + glibc-loader shim');
    expect(e.describe).toMatch(/glibc-loader shim/);
    expect(e.describe).not.toMatch(/NOT gcompat/);
    expect(e.name).toBe('musl-gcompat'); // the id stays: lessons and progress files name it
  });
});
