/**
 * A key pressed becomes the command it means now (pure). Modal states come
 * first (a question to confirm, the search field, a short answer being
 * typed); then the binding table; a key that cannot act says why.
 */
import { currentKey } from '../state/selectors.js';
import { lastStep, typingActive } from '../state/step-facts.js';
import type { State } from '../state/state.js';
import { activeBindings, BINDINGS, matches, type Command } from './bindings.js';

/** A key pressed: the command it means now, or null. */
export function handleKey(s: State, key: string): Command | null {
  if (key === 'ctrl-c') return { effect: 'quit', interrupted: true };
  if (s.confirm) return confirming(s.confirm, key);
  if (s.screen === 'list' && s.list.searching) return searching(key);
  const ck = currentKey(s);
  if (ck && typingActive(s)) {
    // every printable key is text here, even the ones that are shortcuts elsewhere (l, q, ?, ...)
    const typing = s.quiz[ck]?.typing ?? '';
    if (key === 'enter') return typing.trim() ? { effect: 'answer', answer: typing } : { type: 'notice', text: 'Type your answer first (esc leaves the field; then s shows the answer).' };
    if (key === 'escape') return { type: 'quiz-typing', key: ck, text: undefined };
    if (key === 'backspace') return { type: 'quiz-typing', key: ck, text: typing.slice(0, -1) };
    if (key === 'space') return { type: 'quiz-typing', key: ck, text: typing + ' ' };
    if (key.length === 1) return { type: 'quiz-typing', key: ck, text: typing + key };
  }
  if (s.screen === 'list' && key === 'escape' && s.list.search) return { type: 'search-end', keep: false };
  for (const b of activeBindings(s)) if (matches(b, key)) return b.run(s, key);
  // not available now: say why, rather than nothing
  const here = BINDINGS.filter((b) => b.screens.includes(s.screen) && matches(b, key));
  const why = here.find((b) => b.why)?.why?.(s);
  if (why) return { type: 'notice', text: why };
  if (s.screen === 'lesson' && (key === 'right' || key === 'n') && lastStep(s)) return null;
  if (key.length === 1 && key !== ' ' && !here.length) return { type: 'notice', text: `${key} does nothing here; ? shows every key.` };
  return null;
}

/** y does what was asked; any other key keeps things as they are. */
function confirming(c: NonNullable<State['confirm']>, key: string): Command {
  if (key !== 'y') return { type: 'confirm-cancel' };
  if (c.kind === 'reset-lesson') return { effect: 'reset-lesson', lesson: c.lesson };
  if (c.kind === 'reset-all') return { effect: 'reset-all' };
  if (c.kind === 'reset-tinker') return { effect: 'reset-tinker', key: c.key };
  return { effect: 'solution', key: c.key };
}

/** The lesson list's search field: keys are text, enter keeps the filter, esc clears it. */
function searching(key: string): Command | null {
  if (key === 'enter') return { type: 'search-end', keep: true };
  if (key === 'escape') return { type: 'search-end', keep: false };
  if (key === 'backspace') return { type: 'search-backspace' };
  if (key === 'up' || key === 'down') return { type: 'list-move', delta: key === 'up' ? -1 : 1 };
  if (key === 'space') return { type: 'search-type', text: ' ' };
  return key.length === 1 ? { type: 'search-type', text: key } : null;
}
