/** The key table: bindings named by unique ids, aliases that do what their keys' twins do, the key bar drawn from it. */
import { describe, expect, it } from 'vitest';
import type { Lesson } from '../../src/lessons/load.js';
import type { AvailableCourse } from '../../src/progress/course.js';
import { emptyProgress } from '../../src/progress/schema.js';
import { BINDINGS, bindingById } from '../../src/ui/input/bindings.js';
import { handleKey } from '../../src/ui/input/handle-key.js';
import { initialState, reducer } from '../../src/ui/state/reducer.js';
import { stepKey } from '../../src/ui/state/step-key.js';
import { visibleKeys } from '../../src/ui/views/KeyBar.js';

const lesson = {
  id: 'l', title: 'L', summary: 's', checklist: [], dir: '', srcDir: '', prose: {},
  steps: [
    { id: 'a', kind: 'explain', title: 'First' },
    { id: 'b', kind: 'explain', title: 'Second' },
  ],
} as unknown as Lesson;
const course: AvailableCourse = { root: '/nowhere', index: { formatVersion: 1, title: 'C', lessons: ['l'], checklist: [] }, lessons: [lesson], missing: [] };
const open = () => reducer(initialState({ course, progress: emptyProgress(), size: { cols: 80, rows: 24 }, plain: true, workspaceDir: '/ws' }), { type: 'open-lesson', id: 'l' });

describe('bindings', () => {
  it('every binding has an id of its own', () => {
    const ids = BINDINGS.map((b) => b.id);
    expect(ids.every((id) => /^[a-z][a-z-]*$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(bindingById('run')?.keys).toEqual(['r']);
    expect(bindingById('nope')).toBeUndefined();
  });

  it('two bindings share the label "scroll" on different screens; k/j/PgUp/PgDn/space in a lesson scroll as its arrows do', () => {
    expect(BINDINGS.filter((b) => b.label === 'scroll').map((b) => b.id)).toEqual(['lesson-scroll', 'help-scroll']);
    const s = open();
    expect(handleKey(s, 'j')).toEqual(handleKey(s, 'down'));
    expect(handleKey(s, 'k')).toEqual(handleKey(s, 'up'));
    expect(handleKey(s, 'pagedown')).toEqual({ type: 'scroll', delta: 10 });
    expect(handleKey(s, 'space')).toEqual({ type: 'scroll', delta: 10 });
    // with the output (or the solution) open, the same keys scroll it
    expect(handleKey({ ...s, output: { expanded: true, scroll: 0 } }, 'j')).toEqual({ type: 'output-scroll', delta: 1 });
    expect(handleKey({ ...s, solution: { [stepKey('l', 'a')]: true } }, 'k')).toEqual({ type: 'output-scroll', delta: -1 });
  });

  it('once a step is done the bar leads with the way on, named by the next step, and the onward binding\'s own label is not shown', () => {
    const keys = visibleKeys(open()); // an explain step is done once shown
    expect(keys[0]).toEqual({ keys: 'right', label: 'next: Second' });
    expect(keys.map((k) => k.label)).not.toContain(bindingById('step-onward')!.label);
    const last = reducer(open(), { type: 'step-move', delta: 1 });
    expect(visibleKeys(last)[0]).toEqual({ keys: 'right', label: 'next: the lesson summary' });
  });
});
