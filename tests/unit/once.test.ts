import { afterEach, describe, expect, it, vi } from 'vitest';
import { onceBy } from '../../src/util/once.js';

afterEach(() => vi.useRealTimers());

describe('onceBy', () => {
  it('calls f once per key, for callers at the same time and later', async () => {
    const f = vi.fn(async (k: string) => `${k}!`);
    const get = onceBy(f);
    const [a, b] = await Promise.all([get('x'), get('x')]);
    expect([a, b, await get('x'), await get('y')]).toEqual(['x!', 'x!', 'x!', 'y!']);
    expect(f.mock.calls.map((c) => c[0])).toEqual(['x', 'y']);
  });

  it('forgets a failure: the next caller tries again', async () => {
    let n = 0;
    const get = onceBy(async () => {
      if (++n === 1) throw new Error('engine busy');
      return n;
    });
    await expect(get('k')).rejects.toThrow('engine busy');
    expect(await get('k')).toBe(2);
    expect(await get('k')).toBe(2);
  });

  it('with keepFailures, a failure stays the answer', async () => {
    const f = vi.fn(async () => {
      throw new Error('build failed');
    });
    const get = onceBy(f, { keepFailures: true });
    await expect(get('k')).rejects.toThrow('build failed');
    await expect(get('k')).rejects.toThrow('build failed');
    expect(f).toHaveBeenCalledTimes(1);
  });

  it('with forgetAfterMs, asks again once the answer is that old', async () => {
    vi.useFakeTimers();
    let n = 0;
    const get = onceBy(async () => ++n, { forgetAfterMs: 2000 });
    expect(await get('k')).toBe(1);
    await vi.advanceTimersByTimeAsync(1999);
    expect(await get('k')).toBe(1);
    await vi.advanceTimersByTimeAsync(2);
    expect(await get('k')).toBe(2);
  });
});
