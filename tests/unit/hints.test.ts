/** A task's hints: the one about the check that fails now comes first; plain strings keep the lesson's order. */
import { describe, expect, it } from 'vitest';
import { hintText, orderedHints, type Hint } from '../../src/lessons/hints.js';
import { taskStep } from '../../src/lessons/schema.js';

const hints: Hint[] = ['A nudge.', { text: 'error.h is glibc-only: report errors with fprintf and exit.', when: 'musl: compiled' }, { text: 'The exit status is yours to choose.', when: 'exit' }, 'The exact API.'];

describe('orderedHints', () => {
  it('puts the hint about a failing check first, by label or by field', () => {
    expect(orderedHints(hints, ['musl: compiled']).map(hintText)[0]).toMatch(/^error\.h/);
    expect(orderedHints(hints, ['glibc: exit']).map(hintText)[0]).toMatch(/^The exit status/);
    expect(orderedHints(hints, ['musl: compiled', 'musl: exit']).map(hintText).slice(0, 2)).toEqual([hintText(hints[1]!), hintText(hints[2]!)]);
  });
  it('keeps the lesson order when no hint names a failing check (error.h is not mentioned after it is gone)', () => {
    expect(orderedHints(hints, ['musl: stdout'])).toEqual(hints);
    expect(orderedHints(hints, [])).toEqual(hints);
    expect(orderedHints(hints, ['glibc: compiled'])).toEqual(hints); // another environment's compile
  });
  it('the lesson format takes both forms', () => {
    const shape = (taskStep as unknown as { shape: { hints: { safeParse: (v: unknown) => { success: boolean } } } }).shape.hints;
    expect(shape.safeParse(hints).success).toBe(true);
    expect(shape.safeParse([{ text: 'x' }]).success).toBe(false); // when is required in the object form
  });
});
