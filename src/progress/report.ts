/** The progress report `musl-lab progress` prints: JSON for tools, markdown for an instructor, text for people. Pure. */
import type { Lesson } from '../lessons/load.js';
import type { Step } from '../lessons/schema.js';
import type { Style } from '../term/style.js';
import type { AvailableCourse } from './course.js';
import type { ProgressData, StepRecord } from './schema.js';
import { checklistStatus, lessonStatus, type ChecklistEntry, type LessonStatus } from './status.js';

/** What one step's record says, in the report's words. */
export interface StepReport {
  kind: Step['kind'];
  /** pending: not opened; read (explain); ran (experiment); attempted / passed (task, quiz). */
  status: 'pending' | 'read' | 'opened' | 'ran' | 'attempted' | 'passed';
  attempts: number;
  hints: number;
  solutionViewed: boolean;
  timeMs: number;
  /** The solution was opened before the step passed (absent: unknown, an older progress file). */
  solutionBeforePass?: boolean;
  /** Quizzes: questions right at the first try, right in the end, answers shown. */
  quiz?: { questions: number; firstTryRight: number; right: number; revealed: number; firstTryUnknown: number };
}

export interface ProgressReport {
  version: 2;
  file: string;
  updatedAt: string;
  current?: { lesson: string; step: string };
  checklist: ChecklistEntry[];
  lessons: { id: string; title?: string; status: LessonStatus | 'not-written'; steps: Record<string, StepReport> }[];
}

export function stepReport(step: Step, r: StepRecord | undefined): StepReport {
  let status: StepReport['status'] = 'pending';
  if (r) {
    if (step.kind === 'explain') status = 'read';
    else if (step.kind === 'experiment') status = r.status !== 'seen' || (r.attempts ?? 0) > 0 ? 'ran' : 'opened';
    else status = r.status === 'seen' ? 'opened' : r.status;
  }
  const out: StepReport = { kind: step.kind, status, attempts: r?.attempts ?? 0, hints: r?.hints ?? 0, solutionViewed: !!r?.solutionViewed, ...(r?.solutionBeforePass ? { solutionBeforePass: true } : {}), timeMs: r?.timeMs ?? 0 };
  if (step.kind === 'quiz') {
    const qs = step.questions.map((q) => r?.questions?.[q.id]);
    out.quiz = {
      questions: step.questions.length,
      firstTryRight: qs.filter((q) => q?.firstTry === true).length,
      right: qs.filter((q) => q?.ok).length,
      revealed: qs.filter((q) => q?.revealed).length,
      firstTryUnknown: qs.filter((q) => q && q.firstTry === undefined && q.ok).length,
    };
    out.attempts = qs.reduce((n, q) => n + (q?.tries ?? 0), 0);
  }
  return out;
}

export function lessonSteps(l: Lesson, p: ProgressData): Record<string, StepReport> {
  const rec = p.lessons[l.id]?.steps ?? {};
  return Object.fromEntries(l.steps.map((s) => [s.id, stepReport(s, rec[s.id])]));
}

export function progressReport(course: AvailableCourse, p: ProgressData, file: string): ProgressReport {
  return {
    version: 2,
    file,
    updatedAt: p.updatedAt,
    ...(p.current ? { current: p.current } : {}),
    checklist: checklistStatus(course.index, course.lessons, p),
    lessons: course.index.lessons.map((id) => {
      const l = course.lessons.find((x) => x.id === id);
      if (!l) return { id, status: 'not-written' as const, steps: {} };
      return { id, title: l.title, status: lessonStatus(p, l), steps: lessonSteps(l, p) };
    }),
  };
}

const WORD: Record<string, string> = { done: 'done', 'in-progress': 'in progress', pending: 'pending', planned: 'planned', 'not-written': 'not written yet' };

/** "3 min", "45 s", "" for nothing. */
export function duration(ms: number): string {
  if (ms < 1000) return '';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.round(s / 60);
  return m < 60 ? `${m} min` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** One step's record in a few words: "passed · 3 runs · 2 hints · solution viewed · 4 min". */
export function stepWords(r: StepReport): string {
  const parts: string[] = [r.status];
  if (r.quiz) {
    if (r.quiz.right || r.attempts) parts.push(`${r.quiz.firstTryRight} of ${r.quiz.questions} right first try${r.quiz.firstTryUnknown ? ` (${r.quiz.firstTryUnknown} not recorded)` : ''}`, `${r.quiz.right} right in the end`);
    if (r.quiz.revealed) parts.push(`${r.quiz.revealed} answer${r.quiz.revealed > 1 ? 's' : ''} shown`);
  } else if (r.attempts && r.kind !== 'explain') parts.push(`${r.attempts} run${r.attempts > 1 ? 's' : ''}`);
  if (r.hints) parts.push(`${r.hints} hint${r.hints > 1 ? 's' : ''}`);
  if (r.solutionViewed) parts.push('solution viewed');
  const t = duration(r.timeMs);
  if (t) parts.push(t);
  return parts.join(' · ');
}

const evidence = (c: ChecklistEntry) => `lessons: ${WORD[c.status]}${c.lessons.length ? ` (${c.lessons.map((l) => l.id).join(', ')})` : ''}`;
const own = (c: ChecklistEntry) => (c.selfChecked ? 'you: "I can explain this"' : 'you: not ticked');

export function renderProgressText(r: ProgressReport, st: Style): string {
  const out = [st.bold('Self-assessment checklist') + st.dim('  (what the lessons show · your own tick)')];
  for (const c of r.checklist) {
    const tag = c.status === 'done' ? st.green(`[${st.sym.ok}]`) : c.status === 'in-progress' ? st.yellow('[~]') : '[ ]';
    out.push(`${tag} ${c.text}${c.status === 'planned' ? st.dim(` (planned: ${c.plannedIn})`) : ''}`);
    out.push(st.dim(`      ${evidence(c)} · ${own(c)}`));
  }
  out.push('', st.bold('Lessons'));
  for (const l of r.lessons) {
    out.push(`  ${(l.title ?? l.id).padEnd(40)} ${WORD[l.status]}`);
    for (const [id, s] of Object.entries(l.steps)) if (s.status !== 'pending') out.push(st.dim(`      ${id}: ${stepWords(s)}`));
  }
  out.push('', st.dim(`Progress file: ${r.file}`));
  return out.join('\n') + '\n';
}

export function renderProgressMarkdown(r: ProgressReport): string {
  const out = ['# musl-lab progress', '', '## Self-assessment checklist', '', '| item | the lessons show | own tick: "I can explain this" |', '|---|---|---|'];
  for (const c of r.checklist) out.push(`| ${c.text} | ${evidence(c)} | ${c.selfChecked ? `yes (${c.selfChecked.slice(0, 10)})` : 'no'} |`);
  out.push('', '## Lessons', '', '| lesson | status |', '|---|---|');
  for (const l of r.lessons) out.push(`| ${l.title ?? l.id} | ${WORD[l.status]} |`);
  const stepped = r.lessons.filter((l) => Object.values(l.steps).some((s) => s.status !== 'pending'));
  if (stepped.length) {
    out.push('', '## Steps', '', '| lesson | step | status | attempts | hints | solution | first try | time |', '|---|---|---|---|---|---|---|---|');
    for (const l of stepped)
      for (const [id, s] of Object.entries(l.steps)) {
        if (s.status === 'pending') continue;
        const first = s.quiz ? `${s.quiz.firstTryRight}/${s.quiz.questions}${s.quiz.revealed ? `, ${s.quiz.revealed} shown` : ''}` : '';
        out.push(`| ${l.id} | ${id} | ${s.status} | ${s.attempts || ''} | ${s.hints || ''} | ${s.solutionViewed ? 'viewed' : ''} | ${first} | ${duration(s.timeMs)} |`);
      }
  }
  out.push('', `Updated ${r.updatedAt}.`);
  return out.join('\n') + '\n';
}
