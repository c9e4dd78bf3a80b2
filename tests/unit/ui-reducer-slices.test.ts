/** The reducer's slices, one concern each: every action type handled by exactly one, and each slice's transitions. */
import { describe, expect, it } from 'vitest';
import type { Lesson } from '../../src/lessons/load.js';
import type { StepResult } from '../../src/lessons/run-step.js';
import type { AvailableCourse } from '../../src/progress/course.js';
import { emptyProgress } from '../../src/progress/schema.js';
import { initialState, reducer } from '../../src/ui/state/reducer.js';
import { files, hints, quiz } from '../../src/ui/state/slices/learner.js';
import { list } from '../../src/ui/state/slices/list.js';
import { navigation } from '../../src/ui/state/slices/navigation.js';
import { panels, runs } from '../../src/ui/state/slices/runs.js';
import { lab, session } from '../../src/ui/state/slices/session.js';
import type { State } from '../../src/ui/state/state.js';
import { rowKey, stepKey } from '../../src/ui/state/step-key.js';

const common = { runIn: ['glibc', 'musl'], flags: [], args: [], env: {}, extraSources: [], compileIn: 'each', expect: { relations: [] } };
const steps = [
  { id: 'intro', kind: 'explain', title: 'Intro' },
  { id: 'fix', kind: 'task', title: 'Fix', starter: 'w.c', solution: 'w.solution.c', ...common, starterExpect: { relations: [] }, hints: ['one', 'two'] },
  { id: 'quiz', kind: 'quiz', title: 'Quiz', questions: [{ id: 'q1', prompt: 'Which?', choices: ['a', 'b'], answer: 1, explanation: 'b' }, { id: 'q2', prompt: 'Name it', accept: 'loader', explanation: 'l' }] },
  { id: 'end', kind: 'explain', title: 'End' },
];
const mk = (id: string, title: string) => ({ id, title, summary: `${title} summary`, checklist: ['c'], dir: '', srcDir: '', prose: {}, steps }) as unknown as Lesson;
const course: AvailableCourse = {
  root: '/nowhere',
  index: { formatVersion: 1, title: 'Course', lessons: ['dns', 'dns-lab', 'locale'], checklist: [{ id: 'c', text: 'Item' }] },
  lessons: [mk('dns', 'DNS'), mk('dns-lab', 'The DNS lab'), mk('locale', 'Locale')],
  missing: [],
};
const init = (): State => initialState({ course, progress: emptyProgress(), size: { cols: 80, rows: 24 }, plain: false, workspaceDir: '/ws', editor: 'vi' });
const inLesson = (step: string, lesson = 'dns'): State => navigation['open-lesson'](init(), { type: 'open-lesson', id: lesson, step });
const K = stepKey('dns', 'fix');
const result = { lesson: 'dns', step: 'fix', title: 'Fix', which: 'workspace', variants: [], passed: false, durationMs: 1 } as unknown as StepResult;

describe('reducer slices', () => {
  it('every action type has exactly one handler', () => {
    const types = [list, navigation, runs, panels, hints, quiz, files, lab, session].flatMap((h) => Object.keys(h));
    expect(new Set(types).size).toBe(types.length);
    // the combined reducer answers each of them (a type without a handler would throw here)
    for (const t of types) expect(() => reducer(inLesson('fix'), { type: t, key: K, delta: 0, text: '', lesson: 'dns', screen: 'list', envs: [], confirm: null, data: emptyProgress(), images: { status: 'ok' } } as never)).not.toThrow();
  });

  it('list: a new search starts empty, typing filters from the top, esc drops the filter', () => {
    let s: State = { ...init(), list: { cursor: 2, search: 'dns', searching: false } };
    s = list['search-start'](s, { type: 'search-start' });
    expect(s.list).toEqual({ cursor: 2, search: '', searching: true });
    s = list['search-type'](s, { type: 'search-type', text: 'loc' });
    expect(s.list).toEqual({ cursor: 0, search: 'loc', searching: true });
    s = list['list-move'](s, { type: 'list-move', delta: 5 });
    expect(s.list.cursor).toBe(0); // one lesson matches
    expect(list['search-end'](s, { type: 'search-end', keep: false }).list).toEqual({ cursor: 0, search: null, searching: false });
  });

  it('navigation: → on the last step shows the summary with the list on the next lesson; ← goes back to the first task or quiz not passed', () => {
    let s = inLesson('end');
    s = navigation['step-move'](s, { type: 'step-move', delta: 1 });
    expect([s.screen, s.summary, s.list.cursor]).toEqual(['summary', 'dns', 1]);
    const q = stepKey('dns', 'quiz');
    s = { ...s, quiz: { [q]: { question: 1, answers: { q1: { given: '2', last: true, ok: true, firstTry: true, tries: 1, revealed: false } }, typing: 'lo' } } };
    s = navigation.back(s, { type: 'back' });
    expect([s.screen, s.lesson?.step]).toEqual(['lesson', 1]); // the task, not passed
    s = navigation.back({ ...s, screen: 'summary', progress: { ...emptyProgress(), lessons: { dns: { steps: { fix: { status: 'passed', at: '' } } } } } }, { type: 'back' });
    expect(s.lesson?.step).toBe(2); // then the quiz, on its first question not answered right
    expect(s.quiz[q]).toMatchObject({ question: 1, typing: undefined, away: false });
  });

  it('navigation: a step move closes the sources panel and a question to confirm; an unknown lesson says so', () => {
    const s = navigation['step-move']({ ...inLesson('fix'), sources: K, confirm: { kind: 'reset-all' } }, { type: 'step-move', delta: -1 });
    expect([s.lesson?.step, s.sources, s.confirm]).toEqual([0, undefined, null]);
    expect(navigation['open-lesson'](init(), { type: 'open-lesson', id: 'nope' }).notice).toBe('There is no lesson "nope".');
  });

  it('runs: every environment starts queued (the lab\'s word); a phase keeps its start time; a finished run ignores late phases', () => {
    let s: State = { ...inLesson('fix'), sources: K, solution: { [K]: true }, output: { expanded: true, scroll: 4 } };
    s = runs['run-start'](s, { type: 'run-start', key: K, envs: ['glibc', 'musl'], trigger: 'save' });
    expect(s.runs[K]!.envs).toEqual({ glibc: { phase: 'queued' }, musl: { phase: 'queued' } });
    expect([s.sources, s.solution[K], s.output.expanded, s.output.scroll]).toEqual([undefined, false, false, 0]);
    s = runs['run-env'](s, { type: 'run-env', key: K, env: 'musl', phase: 'compiling', at: 100 });
    s = runs['run-env'](s, { type: 'run-env', key: K, env: 'musl', phase: 'running' });
    expect(s.runs[K]!.envs.musl).toEqual({ phase: 'running', since: 100, outcome: undefined });
    s = runs['run-done'](s, { type: 'run-done', key: K, result });
    expect(s.runs[K]!.envs.musl?.phase).toBe('done');
    expect(runs['run-env'](s, { type: 'run-env', key: K, env: 'musl', phase: 'compiling' })).toBe(s);
  });

  it('runs: a cancelled variant run stays marked as the variant\'s; a row choice is clamped', () => {
    let s = runs['run-start'](inLesson('fix'), { type: 'run-start', key: K, envs: ['musl'], trigger: 'key', tinker: true });
    s = runs['run-cancelled'](s, { type: 'run-cancelled', key: K });
    expect(s.runs[K]).toEqual({ status: 'cancelled', stopping: true, trigger: 'key', envs: {}, tinker: true });
    // the lab's word that the programs are gone ends "stopping"; for a run started since, it is dropped
    const stopped = runs['run-cancelled'](s, { type: 'run-cancelled', key: K, stopped: true });
    expect(stopped.runs[K]).toEqual({ status: 'cancelled', stopping: false, trigger: 'key', envs: {}, tinker: true });
    const again = runs['run-start'](s, { type: 'run-start', key: K, envs: ['musl'], trigger: 'key' });
    expect(runs['run-cancelled'](again, { type: 'run-cancelled', key: K, stopped: true })).toBe(again);
    expect(runs['output-row'](s, { type: 'output-row', delta: 5, rows: 3, from: 1 }).output.row).toBe(2);
  });

  it('panels: a late answer for another row is dropped; i twice closes the sources', () => {
    const row = rowKey(K, 'main');
    let s = panels['why-start'](inLesson('fix'), { type: 'why-start', key: row });
    expect(s.output.expanded).toBe(true);
    expect(panels['why-done'](s, { type: 'why-done', key: rowKey(K, 'other'), explanations: [] })).toBe(s);
    s = panels['why-done'](s, { type: 'why-done', key: row, explanations: [] });
    expect(s.why?.status).toBe('done');
    s = panels['sources-toggle'](s, { type: 'sources-toggle', key: K });
    expect(s.sources).toBe(K);
    expect(panels['sources-toggle'](s, { type: 'sources-toggle', key: K }).sources).toBeUndefined();
  });

  it('hints and quiz: hints stop at the task\'s count; a revealed answer is kept as revealed', () => {
    let s = inLesson('fix');
    for (let i = 0; i < 4; i++) s = hints['hint-more'](s, { type: 'hint-more', key: K });
    expect(s.hints[K]).toBe(2);
    expect(hints['hints-known'](s, { type: 'hints-known', key: K, shown: 1 })).toBe(s);
    const q = stepKey('dns', 'quiz');
    s = quiz['quiz-revealed'](inLesson('quiz'), { type: 'quiz-revealed', key: q, question: 'q1' });
    expect(s.quiz[q]!.answers.q1).toMatchObject({ revealed: true, ok: false });
  });

  it('files: back to the shipped program drops the variant\'s run, never the lesson\'s own', () => {
    const c = stepKey('dns', 'crash');
    let s = files['tinker-file'](inLesson('fix'), { type: 'tinker-file', key: c, file: { path: '/v.c', text: 'x' } });
    const own = runs['run-done'](runs['run-start'](s, { type: 'run-start', key: c, envs: ['musl'], trigger: 'key' }), { type: 'run-done', key: c, result });
    expect(files['tinker-file'](own, { type: 'tinker-file', key: c, file: null }).runs[c]).toBeDefined();
    s = runs['run-start'](s, { type: 'run-start', key: c, envs: ['musl'], trigger: 'key', tinker: true });
    s = files['tinker-file'](s, { type: 'tinker-file', key: c, file: null });
    expect([s.tinker[c], s.runs[c]]).toEqual([undefined, undefined]);
  });

  it('session: resetting a lesson forgets its keys only, not those of a lesson whose id starts the same', () => {
    const keys = [stepKey('dns', 'fix'), stepKey('dns-lab', 'fix'), stepKey('locale', 'fix')];
    const s = { ...init(), hints: Object.fromEntries(keys.map((k) => [k, 1])), confirm: { kind: 'reset-all' as const } };
    const one = session.reset(s, { type: 'reset', lesson: 'dns' });
    expect(Object.keys(one.hints).sort()).toEqual(['dns-lab/fix', 'locale/fix']);
    expect(one.confirm).toBeNull();
    expect(session.reset(s, { type: 'reset' }).hints).toEqual({});
  });

  it('lab: the build panel keeps the last 8 lines; an unchanged "not saved" reason keeps the state', () => {
    let s = lab['build-start'](init(), { type: 'build-start', what: 'the toolchains environment' });
    for (let i = 0; i < 12; i++) s = lab['build-line'](s, { type: 'build-line', text: `line ${i}` });
    expect(s.build?.lines).toEqual(Array.from({ length: 8 }, (_, i) => `line ${i + 4}`));
    expect(lab['build-done'](s, { type: 'build-done' }).notice).toBe('Built the toolchains environment.');
    const u = session.unsaved(s, { type: 'unsaved', text: 'read-only' });
    expect(session.unsaved(u, { type: 'unsaved', text: 'read-only' })).toBe(u);
  });
});
