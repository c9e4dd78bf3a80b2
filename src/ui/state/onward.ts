/**
 * The way onward (pure): whether the step on screen is done, which step or
 * lesson comes next, and what a finished lesson adds up to for its summary.
 */
import type { Lesson } from '../../lessons/load.js';
import type { Step } from '../../lessons/schema.js';
import { duration } from '../../progress/report.js';
import { lessonStatus } from '../../progress/status.js';
import type { State } from './state.js';
import { stepKey } from './step-key.js';

/** Done for the purpose of "go on": a task or quiz passed, an experiment run, an explain step read. */
export function stepDone(s: State, lesson: Lesson, step: Step): boolean {
  const key = stepKey(lesson.id, step.id);
  const rec = s.progress.lessons[lesson.id]?.steps[step.id];
  const run = s.runs[key];
  if (step.kind === 'explain') return true;
  if (step.kind === 'experiment') return (run?.status === 'done' && !run.tinker) || (!!rec && (rec.status !== 'seen' || (rec.attempts ?? 0) > 0));
  if (step.kind === 'quiz') return rec?.status === 'passed' || step.questions.every((q) => s.quiz[key]?.answers[q.id]?.ok);
  return rec?.status === 'passed' || (run?.result?.passed === true && !run.tinker);
}

/** Not yet done, for "continue": an explain step never opened, or a step `stepDone` does not count. */
function unfinished(s: State, lesson: Lesson, step: Step): boolean {
  if (step.kind === 'explain') return !s.progress.lessons[lesson.id]?.steps[step.id];
  return !stepDone(s, lesson, step);
}

/**
 * Where `c` (continue) goes: the step left off at while it is unfinished, else
 * the lesson's next unfinished step; once that lesson is done, the first
 * unfinished step of the next lesson not done (a passed quiz is never reopened).
 */
export function continueTarget(s: State): { lesson: string; step?: string } | undefined {
  const cur = s.progress.current;
  const lesson = cur && s.course.lessons.find((l) => l.id === cur.lesson);
  if (!cur || !lesson) return undefined;
  const at = Math.max(0, lesson.steps.findIndex((x) => x.id === cur.step));
  const firstOpen = (l: Lesson, from = 0) => [...l.steps.slice(from), ...l.steps.slice(0, from)].find((x) => unfinished(s, l, x));
  if (lessonStatus(s.progress, lesson) !== 'done') {
    const step = firstOpen(lesson, at);
    return { lesson: lesson.id, step: (step ?? lesson.steps[at]!).id };
  }
  for (let l = nextLesson(s, lesson.id); l; l = nextLesson(s, l.id)) {
    if (lessonStatus(s.progress, l) !== 'done') return { lesson: l.id, step: firstOpen(l)?.id };
  }
  return { lesson: lesson.id, step: cur.step };
}

/** The next lesson in teaching order that can be opened, after `id`. */
export function nextLesson(s: State, id: string): Lesson | undefined {
  const ids = s.course.index.lessons;
  for (let i = ids.indexOf(id) + 1; i > 0 && i < ids.length; i++) {
    const l = s.course.lessons.find((x) => x.id === ids[i]);
    if (l) return l;
  }
  return undefined;
}

export interface LessonSummary {
  title: string;
  done: boolean;
  /** What the runs proved: one line per runnable step. */
  proved: { step: string; title: string; text: string; ok: boolean | null }[];
  /** Checklist items this lesson covers, and whether the lessons now show each. */
  checklist: { text: string; earned: boolean }[];
  hints: number;
  solutions: number;
  reveals: number;
  firstTry: { right: number; of: number };
  time: string;
  next?: Lesson;
}

export function lessonSummary(s: State, lesson: Lesson): LessonSummary {
  const rec = s.progress.lessons[lesson.id]?.steps ?? {};
  const proved: LessonSummary['proved'] = [];
  let hints = 0;
  let solutions = 0;
  let reveals = 0;
  let right = 0;
  let of = 0;
  let timeMs = 0;
  for (const st of lesson.steps) {
    const key = stepKey(lesson.id, st.id);
    const r = rec[st.id];
    timeMs += r?.timeMs ?? 0;
    hints += Math.max(r?.hints ?? 0, s.hints[key] ?? 0);
    if (r?.solutionViewed || s.solution[key]) solutions++;
    if (st.kind === 'quiz') {
      for (const q of st.questions) {
        const a = s.quiz[key]?.answers[q.id];
        const qr = r?.questions?.[q.id];
        of++;
        if (a ? a.firstTry : qr?.firstTry) right++;
        if (a?.revealed || qr?.revealed) reveals++;
      }
      continue;
    }
    if (st.kind !== 'experiment' && st.kind !== 'task') continue;
    const run = s.runs[key];
    const res = run && !run.tinker ? run.result : undefined;
    if (res && !res.notApplicable) {
      const checks = res.variants.flatMap((v) => v.verdicts);
      const held = checks.filter((v) => v.ok).length;
      const what = st.kind === 'task' ? (res.passed ? 'your fix passed' : 'your fix does not pass yet') : res.passed ? 'shown' : 'not as the lesson expects';
      proved.push({ step: st.id, title: st.title, text: `${what}: ${held} of ${checks.length} checks held in ${st.runIn.join(' and ')}`, ok: res.passed });
    } else if (r && (r.status !== 'seen' || (r.attempts ?? 0) > 0)) {
      proved.push({ step: st.id, title: st.title, text: st.kind === 'task' ? (r.status === 'passed' ? 'your fix passed (earlier session)' : 'attempted, not passed yet') : 'run in an earlier session', ok: st.kind === 'task' ? r.status === 'passed' : true });
    } else proved.push({ step: st.id, title: st.title, text: 'not run', ok: null });
  }
  const done = lessonStatus(s.progress, lesson) === 'done';
  const checklist = s.course.index.checklist
    .filter((c) => lesson.checklist.includes(c.id))
    .map((c) => ({ text: c.text, earned: s.course.lessons.filter((l) => l.checklist.includes(c.id)).every((l) => lessonStatus(s.progress, l) === 'done') }));
  return { title: lesson.title, done, proved, checklist, hints, solutions, reveals, firstTry: { right, of }, time: duration(timeMs) || 'under a minute', next: nextLesson(s, lesson.id) };
}
