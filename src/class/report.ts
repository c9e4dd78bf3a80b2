/**
 * The class report: a room's exports merged into one view for the
 * instructor (pure). Per learner and checklist item, what the lessons show
 * and the learner's own tick; per step, where the room got stuck (attempts,
 * hints, answers shown, solutions viewed). Rendered as Markdown and as one
 * self-contained HTML page (inline CSS, no script, no network).
 */
import { duration } from '../progress/report.js';
import { visibleName } from '../util/visible-text.js';
import type { LearnerExport } from './export.js';

export interface Skipped {
  file: string;
  why: string;
}

export interface StepStuck {
  lesson: string;
  step: string;
  title: string;
  kind: string;
  /** Learners who opened it. */
  learners: number;
  /** Learners who have not passed it (tasks and quizzes). */
  notPassed: number;
  attempts: number;
  hints: number;
  reveals: number;
  solutions: number;
  timeMs: number;
}

/** A column of the checklist: the course's own text, or (an id this course does not have) the first export's. */
export interface ChecklistColumn {
  id: string;
  text: string;
  /** The id is not in this course's checklist. */
  notInCourse?: boolean;
  /** Exports that label this id with another text (their text is not shown: one export cannot relabel the room's columns). */
  otherTexts?: number;
}

export interface ClassReport {
  generatedAt: string;
  course: string;
  /** Exports made from another course than the report's. */
  otherCourses: number;
  learners: { name: string; file: string; lessonsDone: number; lessons: number; checklist: Record<string, { status: string; self: boolean }> }[];
  checklist: ChecklistColumn[];
  stuck: StepStuck[];
  skipped: Skipped[];
}

/** How stuck a step looks: every try, hint, shown answer and viewed solution counts. */
const stuckScore = (s: StepStuck) => s.attempts + s.hints + 2 * s.reveals + 2 * s.solutions + s.notPassed;

/** The course the report is for: its title and checklist, as this musl-lab has them. */
export interface CourseChecklist {
  title: string;
  checklist: { id: string; text: string }[];
}

/** A learner's checklist cell (ids are data: "constructor" or "__proto__" must not reach Object.prototype). */
export function cellOf(l: ClassReport['learners'][number], id: string): { status: string; self: boolean } | undefined {
  return Object.hasOwn(l.checklist, id) ? l.checklist[id] : undefined;
}

export function classReport(entries: { file: string; data: LearnerExport }[], skipped: Skipped[], at: Date, course?: CourseChecklist): ClassReport {
  // the course's own texts label the columns; ids only exports know come after, labelled by the first export that has them
  const checklist = new Map<string, ChecklistColumn>();
  for (const c of course?.checklist ?? []) checklist.set(c.id, { id: c.id, text: c.text });
  for (const e of entries) {
    for (const c of e.data.checklist) {
      const col = checklist.get(c.id);
      if (!col) checklist.set(c.id, { id: c.id, text: c.text, ...(course ? { notInCourse: true } : {}) });
      else if (col.text !== c.text) col.otherTexts = (col.otherTexts ?? 0) + 1;
    }
  }
  const steps = new Map<string, StepStuck>();
  const learners = entries.map(({ file, data }) => {
    for (const l of data.lessons) {
      for (const [id, s] of Object.entries(l.steps)) {
        if (s.status === 'pending') continue;
        const key = `${l.id}/${id}`;
        const agg = steps.get(key) ?? { lesson: l.id, step: id, title: l.title ?? l.id, kind: s.kind, learners: 0, notPassed: 0, attempts: 0, hints: 0, reveals: 0, solutions: 0, timeMs: 0 };
        agg.learners++;
        if ((s.kind === 'task' || s.kind === 'quiz') && s.status !== 'passed') agg.notPassed++;
        agg.attempts += s.attempts;
        agg.hints += s.hints;
        agg.reveals += s.quiz?.revealed ?? 0;
        agg.solutions += s.solutionViewed ? 1 : 0;
        agg.timeMs += s.timeMs;
        steps.set(key, agg);
      }
    }
    const written = data.lessons.filter((l) => l.status !== 'not-written');
    return {
      name: data.name,
      file,
      lessonsDone: written.filter((l) => l.status === 'done').length,
      lessons: written.length,
      checklist: cells(data.checklist),
    };
  });
  // experiments are run to look, not to pass: running one again is not being stuck
  const stuck = [...steps.values()].filter((s) => (s.kind === 'task' || s.kind === 'quiz') && stuckScore(s) > 0).sort((a, b) => stuckScore(b) - stuckScore(a) || a.lesson.localeCompare(b.lesson));
  const title = course?.title ?? entries[0]?.data.course ?? '';
  return {
    generatedAt: at.toISOString(),
    course: title,
    otherCourses: entries.filter((e) => e.data.course !== title).length,
    learners,
    checklist: [...checklist.values()],
    stuck,
    skipped,
  };
}

/** A learner's cells keyed by checklist id, in a record with no prototype (an id may be "__proto__"). */
function cells(list: LearnerExport['checklist']): Record<string, { status: string; self: boolean }> {
  const r = Object.create(null) as Record<string, { status: string; self: boolean }>;
  for (const c of list) Object.defineProperty(r, c.id, { value: { status: c.status, self: c.selfChecked }, enumerable: true, writable: true, configurable: true });
  return r;
}

const WORD = new Map([['done', 'done'], ['in-progress', 'in progress'], ['pending', 'not started'], ['planned', 'planned']]);
const word = (status: string) => WORD.get(status) ?? status;
/** A cell: what the lessons show, then the learner's own tick. */
const cellText = (c: { status: string; self: boolean } | undefined) => (c ? `${word(c.status)}${c.self ? ' · ticked' : ''}` : '—');
/**
 * Text from an export as one Markdown table cell or line: control characters, escape sequences and
 * invisible characters shown (visibleName), then `|` and the characters Markdown reads as markup escaped.
 */
export const mdEscape = (s: string) => visibleName(s).replace(/[\\`<>|]/g, (c) => `\\${c}`);
/** A column's heading: the text, and what is unusual about it. */
const columnNote = (c: ChecklistColumn) => [c.notInCourse ? 'not in this course' : '', c.otherTexts ? `${c.otherTexts} export${c.otherTexts === 1 ? ' labels' : 's label'} it otherwise` : ''].filter(Boolean).join('; ');

export function renderClassMarkdown(r: ClassReport): string {
  const out = [`# Class report${r.course ? `: ${mdEscape(r.course)}` : ''}`, '', `${r.learners.length} learner${r.learners.length === 1 ? '' : 's'}; made ${r.generatedAt.slice(0, 16).replace('T', ' ')} UTC.`, ''];
  if (r.otherCourses) out.push(`${r.otherCourses} export${r.otherCourses === 1 ? ' was' : 's were'} made from another course; the columns are this course's checklist.`, '');
  out.push('## Checklist per learner', '', 'Each cell: what the lessons show (done, in progress, not started), then "ticked" when the learner ticked "I can explain this" themselves.', '');
  out.push(`| learner | lessons done | ${r.checklist.map((c) => mdEscape(c.text) + (columnNote(c) ? ` (${columnNote(c)})` : '')).join(' | ')} |`, `|---|---|${r.checklist.map(() => '---|').join('')}`);
  for (const l of r.learners) out.push(`| ${mdEscape(l.name)} | ${l.lessonsDone} of ${l.lessons} | ${r.checklist.map((c) => mdEscape(cellText(cellOf(l, c.id)))).join(' | ')} |`);
  out.push('', '## Where the room got stuck', '');
  if (!r.stuck.length) out.push('Nowhere yet: no attempts, hints or answers shown.');
  else {
    out.push('| lesson | step | learners | not passed | attempts | hints | answers shown | solutions viewed | time |', '|---|---|---|---|---|---|---|---|---|');
    for (const s of r.stuck) out.push(`| ${mdEscape(s.title)} | ${mdEscape(s.step)} (${mdEscape(s.kind)}) | ${s.learners} | ${s.kind === 'task' || s.kind === 'quiz' ? s.notPassed : ''} | ${s.attempts} | ${s.hints} | ${s.reveals} | ${s.solutions} | ${duration(s.timeMs)} |`);
  }
  if (r.skipped.length) {
    out.push('', '## Files skipped', '');
    for (const s of r.skipped) out.push(`- ${mdEscape(s.file)}: ${mdEscape(s.why)}`);
  }
  return out.join('\n') + '\n';
}

/** Text from an export as HTML: invisible and control characters shown (visibleName), then markup escaped. */
const esc = (s: string) => visibleName(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const CSS = `
body { font: 15px/1.45 system-ui, sans-serif; margin: 2rem; color: #1a1a1a; background: #fff; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
table { border-collapse: collapse; margin: .5rem 0; }
th, td { border: 1px solid #bbb; padding: .3rem .55rem; text-align: left; vertical-align: top; }
th { background: #eee; }
td.done { background: #d9f2d9; } td.in-progress { background: #fff2c2; } td.pending, td.planned { background: #f4f4f4; color: #555; }
.tick { font-weight: 600; } .num { text-align: right; font-variant-numeric: tabular-nums; }
.skipped { color: #8a1f11; } .note { color: #555; }
@media (prefers-color-scheme: dark) {
  body { background: #151515; color: #e6e6e6; } th { background: #2a2a2a; } th, td { border-color: #555; }
  td.done { background: #1f3d1f; } td.in-progress { background: #47400f; } td.pending, td.planned { background: #222; color: #aaa; } .note { color: #aaa; } .skipped { color: #ff9f8f; }
}`;

/** One page, everything inline: it opens from a file:// URL, offline, in any browser. */
export function renderClassHtml(r: ClassReport): string {
  const h: string[] = [];
  h.push('<!doctype html>', '<html lang="en">', '<head>', '<meta charset="utf-8">', '<meta name="viewport" content="width=device-width, initial-scale=1">');
  h.push(`<title>Class report${r.course ? `: ${esc(r.course)}` : ''}</title>`, `<style>${CSS}</style>`, '</head>', '<body>');
  h.push(`<h1>Class report${r.course ? `: ${esc(r.course)}` : ''}</h1>`);
  h.push(`<p class="note" id="summary">${r.learners.length} learner${r.learners.length === 1 ? '' : 's'}; made ${esc(r.generatedAt.slice(0, 16).replace('T', ' '))} UTC.</p>`);
  h.push('<h2>Checklist per learner</h2>', '<p class="note">Each cell: what the lessons show, then <span class="tick">✓ ticked</span> when the learner ticked “I can explain this” themselves.</p>');
  if (r.otherCourses) h.push(`<p class="note" id="other-courses">${r.otherCourses} export${r.otherCourses === 1 ? ' was' : 's were'} made from another course; the columns are this course's checklist.</p>`);
  h.push('<table id="checklist"><thead><tr><th>learner</th><th>lessons done</th>' + r.checklist.map((c) => `<th>${esc(c.text)}${columnNote(c) ? ` <span class="note">(${esc(columnNote(c))})</span>` : ''}</th>`).join('') + '</tr></thead><tbody>');
  for (const l of r.learners) {
    const cells = r.checklist.map((c) => {
      const v = cellOf(l, c.id);
      return v ? `<td class="${esc(v.status)}">${esc(word(v.status))}${v.self ? ' <span class="tick">✓ ticked</span>' : ''}</td>` : '<td>—</td>';
    });
    h.push(`<tr><th scope="row">${esc(l.name)}</th><td class="num">${l.lessonsDone} of ${l.lessons}</td>${cells.join('')}</tr>`);
  }
  h.push('</tbody></table>');
  h.push('<h2>Where the room got stuck</h2>');
  if (!r.stuck.length) h.push('<p id="stuck">Nowhere yet: no attempts, hints or answers shown.</p>');
  else {
    h.push('<table id="stuck"><thead><tr><th>lesson</th><th>step</th><th>learners</th><th>not passed</th><th>attempts</th><th>hints</th><th>answers shown</th><th>solutions viewed</th><th>time</th></tr></thead><tbody>');
    for (const s of r.stuck)
      h.push(
        `<tr><td>${esc(s.title)}</td><td>${esc(s.step)} (${esc(s.kind)})</td><td class="num">${s.learners}</td><td class="num">${s.kind === 'task' || s.kind === 'quiz' ? s.notPassed : ''}</td><td class="num">${s.attempts}</td><td class="num">${s.hints}</td><td class="num">${s.reveals}</td><td class="num">${s.solutions}</td><td class="num">${esc(duration(s.timeMs))}</td></tr>`,
      );
    h.push('</tbody></table>');
  }
  if (r.skipped.length) {
    h.push('<h2>Files skipped</h2>', '<ul id="skipped" class="skipped">');
    for (const s of r.skipped) h.push(`<li><code>${esc(s.file)}</code>: ${esc(s.why)}</li>`);
    h.push('</ul>');
  }
  h.push('</body>', '</html>');
  return h.join('\n') + '\n';
}
