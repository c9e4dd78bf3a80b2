/** The progress report `musl-lab progress` prints: JSON for tools, markdown for an instructor, text for people. Pure. */
import type { Style } from '../util/style.js';
import type { AvailableCourse } from './course.js';
import type { ProgressData } from './schema.js';
import { checklistStatus, lessonStatus, type ChecklistEntry, type LessonStatus } from './status.js';

export interface ProgressReport {
  version: 1;
  file: string;
  updatedAt: string;
  current?: { lesson: string; step: string };
  checklist: ChecklistEntry[];
  lessons: { id: string; title?: string; status: LessonStatus | 'not-written'; steps: Record<string, string> }[];
}

export function progressReport(course: AvailableCourse, p: ProgressData, file: string): ProgressReport {
  return {
    version: 1,
    file,
    updatedAt: p.updatedAt,
    ...(p.current ? { current: p.current } : {}),
    checklist: checklistStatus(course.index, course.lessons, p),
    lessons: course.index.lessons.map((id) => {
      const l = course.lessons.find((x) => x.id === id);
      if (!l) return { id, status: 'not-written' as const, steps: {} };
      const rec = p.lessons[id]?.steps ?? {};
      return { id, title: l.title, status: lessonStatus(p, l), steps: Object.fromEntries(l.steps.map((s) => [s.id, rec[s.id]?.status ?? 'pending'])) };
    }),
  };
}

const WORD: Record<string, string> = { done: 'done', 'in-progress': 'in progress', pending: 'pending', planned: 'planned', 'not-written': 'not written yet' };

export function renderProgressText(r: ProgressReport, st: Style): string {
  const out = [st.bold('Self-assessment checklist')];
  for (const c of r.checklist) {
    const tag = c.status === 'done' ? st.green(`[${st.sym.ok}]`) : c.status === 'in-progress' ? st.yellow('[~]') : '[ ]';
    out.push(`${tag} ${c.text}${c.status === 'planned' ? st.dim(` (planned: ${c.plannedIn})`) : ''}`);
  }
  out.push('', st.bold('Lessons'));
  for (const l of r.lessons) out.push(`  ${(l.title ?? l.id).padEnd(40)} ${WORD[l.status]}`);
  out.push('', st.dim(`Progress file: ${r.file}`));
  return out.join('\n') + '\n';
}

export function renderProgressMarkdown(r: ProgressReport): string {
  const out = ['# musl-lab progress', '', '## Self-assessment checklist', ''];
  for (const c of r.checklist) out.push(`- [${c.status === 'done' ? 'x' : ' '}] ${c.text} (${WORD[c.status]}${c.lessons.length ? `; ${c.lessons.map((l) => l.id).join(', ')}` : ''})`);
  out.push('', '## Lessons', '', '| lesson | status |', '|---|---|');
  for (const l of r.lessons) out.push(`| ${l.title ?? l.id} | ${WORD[l.status]} |`);
  out.push('', `Updated ${r.updatedAt}.`);
  return out.join('\n') + '\n';
}
