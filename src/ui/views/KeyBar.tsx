/**
 * The key bar: the keys that work now, always on screen, drawn from the
 * binding table (the modal states have their own few keys). The way on
 * ("→ next: <step>") comes first once the step is done.
 */
import { activeBindings, showKeys } from '../input/bindings.js';
import { currentLesson, currentStep } from '../state/selectors.js';
import { onwardOpen, lastStep, typingActive } from '../state/step-facts.js';
import type { State } from '../state/state.js';
import { Lines } from '../components/Lines.js';
import { useTheme } from '../components/theme.js';
import { keyBarLines } from '../../term/key-glyphs.js';

export type KeyBarEntry = { keys: string; label: string };

/** Where → goes from a done step: "next: <title>", or the lesson summary after the last ('' while not done). */
function onwardLabel(s: State): string {
  const l = currentLesson(s);
  if (!l || !currentStep(s) || !onwardOpen(s)) return '';
  return lastStep(s) ? 'next: the lesson summary' : `next: ${l.steps[s.lesson!.step + 1]!.title}`;
}

/** What the key bar shows: each active binding with a label. */
export function visibleKeys(s: State): KeyBarEntry[] {
  if (s.confirm) return [{ keys: 'y', label: 'yes' }, { keys: 'any other key', label: 'no' }];
  if (s.list.searching && s.screen === 'list') return [{ keys: 'type', label: 'filter' }, { keys: 'enter', label: 'keep' }, { keys: 'esc', label: 'clear' }, { keys: 'up/down', label: 'move' }];
  const onward = s.screen === 'lesson' ? onwardLabel(s) : '';
  const first = onward ? [{ keys: 'right', label: onward }] : [];
  if (typingActive(s)) return [{ keys: 'type', label: 'your answer' }, { keys: 'enter', label: 'check' }, { keys: 'esc', label: 'leave the field (s then shows the answer)' }, { keys: 'tab', label: 'next question' }, ...first, { keys: 'left/right', label: 'step' }];
  // the way on comes first on the bar (its binding's own label is replaced by the step it leads to)
  return [
    ...first,
    ...activeBindings(s)
      .filter((b) => b.label && b.id !== 'step-onward')
      .map((b) => ({ keys: showKeys(b.keys), label: b.label })),
  ];
}

/** The keys that work now, packed into lines of `width`. */
export function KeyBar({ keys, width }: { keys: KeyBarEntry[]; width: number }) {
  const st = useTheme();
  return <Lines lines={keyBarLines(keys, width, st)} />;
}
