/**
 * A task's hints in the order they help now (pure): a hint that names a check
 * (`when`) comes first while that check fails; the rest keep the lesson's order.
 */
import type { TaskStep } from './schema.js';

export type Hint = TaskStep['hints'][number];

export const hintText = (h: Hint): string => (typeof h === 'string' ? h : h.text);

/** `when` answers a failing check: its whole label ("musl: exit") or its field ("exit", any environment). */
const answers = (when: string, label: string) => label === when || label.endsWith(`: ${when}`);

/** The hints, those about a failing check (by label) first. */
export function orderedHints(hints: readonly Hint[], failing: readonly string[]): Hint[] {
  const matched = hints.filter((h) => typeof h !== 'string' && failing.some((l) => answers(h.when, l)));
  return [...matched, ...hints.filter((h) => !matched.includes(h))];
}
