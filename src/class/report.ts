/**
 * The class report: a room's exports merged into one view for the
 * instructor (pure). Where each learner is; per checklist item and learner,
 * what the lessons show and the learner's own tick; per quiz and learner,
 * the results; per step, where the room got stuck (attempts, hints, answers
 * shown, solutions viewed, passed over). Rendered as Markdown and as one
 * self-contained HTML page (inline CSS, no script, no network).
 *
 * Everything an export says is data (issue 21): every text from one (names,
 * course, checklist texts and ids, lesson and step ids and titles, file
 * names, reasons) is shown through visibleName and escaped for Markdown or
 * HTML, and records keyed by its ids have no prototype.
 */
import { duration } from '../progress/report.js';
import { visibleName } from '../term/visible-text.js';
import type { LearnerExport } from './export.js';

export interface Skipped {
  file: string;
  why: string;
}

export interface StepStuck {
  lesson: string;
  step: string;
  /** The lesson's title. */
  title: string;
  /** The step's title (from the course, when the instructor has it), else its id. */
  stepTitle: string;
  kind: string;
  /** Learners who opened it. */
  learners: number;
  /** Learners who have not passed it (tasks and quizzes). */
  notPassed: number;
  /** Learners who went on to a later step of the lesson with this quiz or task not passed. */
  passedOver: number;
  attempts: number;
  hints: number;
  reveals: number;
  solutions: number;
  /** Of `solutions`: opened before the step passed (a way past it), not after (a comparison). */
  solutionsBefore: number;
  timeMs: number;
}

/** One learner's result on one quiz: questions right at the first try, right in the end, answers shown. */
export interface QuizResult {
  questions: number;
  firstTry: number;
  right: number;
  shown: number;
  status: string;
}

export interface ClassLearner {
  name: string;
  file: string;
  lessonsDone: number;
  lessons: number;
  /** By checklist id, with no prototype (read it with cellOf). */
  checklist: Record<string, { status: string; self: boolean }>;
  /** Where the learner is: lesson and step titles (ids when the course does not know them). */
  current?: { lesson: string; step: string };
  /** By quiz key ("lesson/step"), with no prototype (read it with quizOf). */
  quizzes: Record<string, QuizResult>;
}

/** A row of the checklist: the course's own text, or (an id this course does not have) the first export's. */
export interface ChecklistColumn {
  id: string;
  /** A few words for the table row (from the id); the sentence goes in the legend. */
  short: string;
  text: string;
  /** The id is not in this course's checklist. */
  notInCourse?: boolean;
  /** Exports that label this id with another text (their text is not shown: one export cannot relabel the room's items). */
  otherTexts?: number;
}

export interface ClassReport {
  generatedAt: string;
  course: string;
  /** Exports made from another course than the report's. */
  otherCourses: number;
  learners: ClassLearner[];
  checklist: ChecklistColumn[];
  /** Every quiz some learner opened, in course order. */
  quizzes: { key: string; lesson: string; title: string }[];
  stuck: StepStuck[];
  skipped: Skipped[];
}

/** The course the report is for: its title and checklist, as this musl-lab has them. */
export interface CourseChecklist {
  title: string;
  checklist: { id: string; text: string }[];
}

/** Titles from the course the instructor runs (undefined: the course does not know the lesson or step). */
export interface CourseTitles {
  lesson(id: string): string | undefined;
  step(lesson: string, step: string): string | undefined;
}

/**
 * The course here, loaded once: title and checklist (the items' own words) and lesson and step titles.
 * Each part optional: without the checklist the exports' texts label the items, without titles ids are shown.
 */
export interface ReportCourse extends Partial<CourseChecklist>, Partial<CourseTitles> {}

/** How stuck a step looks: every try, hint, shown answer, viewed solution and pass-over counts. */
const stuckScore = (s: StepStuck) => s.attempts + s.hints + 2 * s.reveals + 2 * s.solutions + s.notPassed + s.passedOver;

/** "set-stack-size" -> "set stack size": the id reads as a short name. */
const shortName = (id: string) => id.replace(/[-_]+/g, ' ').trim() || id;

/** A record with no prototype, keyed by ids from an export ("__proto__" and "constructor" are keys like any other). */
function dataRecord<T>(pairs: Iterable<readonly [string, T]>): Record<string, T> {
  const r = Object.create(null) as Record<string, T>;
  for (const [k, v] of pairs) Object.defineProperty(r, k, { value: v, enumerable: true, writable: true, configurable: true });
  return r;
}

/** A learner's checklist cell (ids are data: "constructor" or "__proto__" must not reach Object.prototype). */
export function cellOf(l: ClassLearner, id: string): { status: string; self: boolean } | undefined {
  return Object.hasOwn(l.checklist, id) ? l.checklist[id] : undefined;
}

/** A learner's result on a quiz, by its key (as cellOf). */
export function quizOf(l: ClassLearner, key: string): QuizResult | undefined {
  return Object.hasOwn(l.quizzes, key) ? l.quizzes[key] : undefined;
}

export function classReport(entries: { file: string; data: LearnerExport }[], skipped: Skipped[], at: Date, course?: ReportCourse): ClassReport {
  // the course's own texts label the items; ids only exports know come after, labelled by the first export that has them
  const checklist = new Map<string, ChecklistColumn>();
  for (const c of course?.checklist ?? []) checklist.set(c.id, { id: c.id, short: shortName(c.id), text: c.text });
  for (const e of entries) {
    for (const c of e.data.checklist) {
      const col = checklist.get(c.id);
      if (!col) checklist.set(c.id, { id: c.id, short: shortName(c.id), text: c.text, ...(course?.checklist ? { notInCourse: true } : {}) });
      else if (col.text !== c.text) col.otherTexts = (col.otherTexts ?? 0) + 1;
    }
  }
  const lessonTitle = (id: string, fromExport: string | undefined) => course?.lesson?.(id) ?? fromExport ?? id;
  const stepTitle = (lesson: string, step: string) => course?.step?.(lesson, step) ?? step;
  const steps = new Map<string, StepStuck>();
  const quizzes = new Map<string, { key: string; lesson: string; title: string }>();
  const learners = entries.map(({ file, data }): ClassLearner => {
    const mine = new Map<string, QuizResult>();
    for (const l of data.lessons) {
      const list = Object.entries(l.steps);
      // the last step the learner reached in this lesson: a graded step before it, not passed, was passed over
      const reached = list.reduce((n, [, s], i) => (s.status !== 'pending' ? i : n), -1);
      for (const [i, [id, s]] of list.entries()) {
        const key = `${l.id}/${id}`;
        const graded = s.kind === 'task' || s.kind === 'quiz';
        const over = graded && s.status !== 'passed' && i < reached;
        if (s.status === 'pending' && !over) continue;
        const agg = steps.get(key) ?? { lesson: l.id, step: id, title: lessonTitle(l.id, l.title), stepTitle: stepTitle(l.id, id), kind: s.kind, learners: 0, notPassed: 0, passedOver: 0, attempts: 0, hints: 0, reveals: 0, solutions: 0, solutionsBefore: 0, timeMs: 0 };
        if (s.status !== 'pending') agg.learners++;
        if (graded && s.status !== 'passed') agg.notPassed++;
        if (over) agg.passedOver++;
        agg.attempts += s.attempts;
        agg.hints += s.hints;
        agg.reveals += s.quiz?.revealed ?? 0;
        agg.solutions += s.solutionViewed ? 1 : 0;
        // a solution viewed on a step never passed was viewed before any pass
        agg.solutionsBefore += s.solutionViewed && (s.solutionBeforePass || s.status !== 'passed') ? 1 : 0;
        agg.timeMs += s.timeMs;
        steps.set(key, agg);
        if (s.kind === 'quiz' && s.quiz) {
          if (!quizzes.has(key)) quizzes.set(key, { key, lesson: lessonTitle(l.id, l.title), title: stepTitle(l.id, id) });
          mine.set(key, { questions: s.quiz.questions, firstTry: s.quiz.firstTryRight, right: s.quiz.right, shown: s.quiz.revealed, status: over ? 'passed over' : s.status });
        }
      }
    }
    const written = data.lessons.filter((l) => l.status !== 'not-written');
    const cur = data.current;
    return {
      name: data.name,
      file,
      lessonsDone: written.filter((l) => l.status === 'done').length,
      lessons: written.length,
      checklist: dataRecord(data.checklist.map((c) => [c.id, { status: c.status, self: c.selfChecked }] as const)),
      ...(cur ? { current: { lesson: lessonTitle(cur.lesson, data.lessons.find((l) => l.id === cur.lesson)?.title), step: stepTitle(cur.lesson, cur.step) } } : {}),
      quizzes: dataRecord(mine),
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
    quizzes: [...quizzes.values()],
    stuck,
    skipped,
  };
}

const WORD = new Map([['done', 'done'], ['in-progress', 'in progress'], ['pending', 'not started'], ['planned', 'planned']]);
/** The HTML checklist's cells: a word that keeps a learner's column narrow. */
const SHORT = new Map([['done', 'done'], ['in-progress', 'started'], ['pending', 'not yet'], ['planned', 'planned']]);
const word = (status: string) => WORD.get(status) ?? status;
const shortWord = (status: string) => SHORT.get(status) ?? status;
/** A cell: what the lessons show, then the learner's own tick. */
const cellText = (c: { status: string; self: boolean } | undefined) => (c ? `${word(c.status)}${c.self ? ' · ticked' : ''}` : '—');
/** "2 of 4 first try · 3 right · 1 shown", "passed over". */
const quizText = (q: QuizResult | undefined) => (!q ? '—' : q.status === 'passed over' && !q.right ? 'passed over' : `${q.firstTry} of ${q.questions} first try · ${q.right} right · ${q.shown} shown${q.status === 'passed over' ? ' · passed over' : ''}`);
/**
 * Text from an export as one Markdown table cell or line: control characters, escape sequences and
 * invisible characters shown (visibleName), then `|` and the characters Markdown reads as markup escaped.
 */
export const mdEscape = (s: string) => visibleName(s).replace(/[\\`<>|]/g, (c) => `\\${c}`);
/**
 * Titles and sentences (written in Markdown): a `code` span stays one, everything else as mdEscape.
 * Inside a span nothing is markup and backslashes are literal, so visibleName's escapes show as they are;
 * `|` is escaped in a table cell (GFM splits cells there even inside a span).
 */
const mdProse = (s: string, cell = true) => {
  const parts = s.split('`');
  if (parts.length % 2 === 0) return mdEscape(s); // an unpaired backtick: no spans
  return parts.map((p, i) => (i % 2 === 0 ? mdEscape(p) : p ? `\`${cell ? visibleName(p).replace(/\|/g, '\\|') : visibleName(p)}\`` : '')).join('');
};
/** An item's note: what is unusual about its label. */
const columnNote = (c: ChecklistColumn) => [c.notInCourse ? 'not in this course' : '', c.otherTexts ? `${c.otherTexts} export${c.otherTexts === 1 ? ' labels' : 's label'} it otherwise` : ''].filter(Boolean).join('; ');
const otherCoursesNote = (r: ClassReport) => `${r.otherCourses} export${r.otherCourses === 1 ? ' was' : 's were'} made from another course; the checklist is this course's.`;

export function renderClassMarkdown(r: ClassReport): string {
  const out = [`# Class report${r.course ? `: ${mdProse(r.course, false)}` : ''}`, '', `${r.learners.length} learner${r.learners.length === 1 ? '' : 's'}; made ${r.generatedAt.slice(0, 16).replace('T', ' ')} UTC.`, ''];
  if (r.otherCourses) out.push(otherCoursesNote(r), '');
  out.push('## Learners', '', '| learner | lessons done | now at |', '|---|---|---|');
  for (const l of r.learners) out.push(`| ${mdEscape(l.name)} | ${l.lessonsDone} of ${l.lessons} | ${l.current ? `${mdProse(l.current.lesson)}: ${mdProse(l.current.step)}` : '—'} |`);
  out.push('', '## Checklist', '', 'One row per item (the sentences are listed below the table), one column per learner. Each cell: what the lessons show (done, in progress, not started), then "ticked" when the learner ticked "I can explain this" themselves.', '');
  out.push(`| item | ${r.learners.map((l) => mdEscape(l.name)).join(' | ')} |`, `|---|${r.learners.map(() => '---|').join('')}`);
  for (const [i, c] of r.checklist.entries()) out.push(`| ${i + 1}. ${mdEscape(c.short)} | ${r.learners.map((l) => mdEscape(cellText(cellOf(l, c.id)))).join(' | ')} |`);
  out.push('');
  for (const [i, c] of r.checklist.entries()) out.push(`${i + 1}. ${mdProse(c.text, false)}${columnNote(c) ? ` (${columnNote(c)})` : ''}`);
  if (r.quizzes.length) {
    out.push('', '## Quizzes', '', 'Per learner: questions right at the first try, right in the end, answers shown; "passed over" when the learner went on without passing it.', '');
    out.push(`| quiz | ${r.learners.map((l) => mdEscape(l.name)).join(' | ')} |`, `|---|${r.learners.map(() => '---|').join('')}`);
    for (const q of r.quizzes) out.push(`| ${mdProse(q.lesson)}: ${mdProse(q.title)} | ${r.learners.map((l) => mdEscape(quizText(quizOf(l, q.key)))).join(' | ')} |`);
  }
  out.push('', '## Where the room got stuck', '');
  if (!r.stuck.length) out.push('Nowhere yet: no attempts, hints or answers shown.');
  else {
    out.push('Solutions viewed: before a pass (a way past the step), then after one (a comparison).', '');
    out.push('| lesson | step | learners | not passed | passed over | attempts | hints | answers shown | solutions before / after a pass | time |', '|---|---|---|---|---|---|---|---|---|---|');
    for (const s of r.stuck) out.push(`| ${mdProse(s.title)} | ${mdProse(s.stepTitle)} (${mdEscape(s.kind)}) | ${s.learners} | ${s.kind === 'task' || s.kind === 'quiz' ? s.notPassed : ''} | ${s.passedOver} | ${s.attempts} | ${s.hints} | ${s.reveals} | ${s.solutionsBefore} / ${s.solutions - s.solutionsBefore} | ${duration(s.timeMs)} |`);
  }
  if (r.skipped.length) {
    out.push('', '## Files skipped', '');
    for (const s of r.skipped) out.push(`- ${mdEscape(s.file)}: ${mdProse(s.why, false)}`);
  }
  return out.join('\n') + '\n';
}

/** Text from an export as HTML: invisible and control characters shown (visibleName), then markup escaped. */
const esc = (s: string) => visibleName(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
/** Escaped text with `code` spans as <code> (titles and sentences are written in Markdown): no literal backticks on the page. */
const prose = (s: string) => esc(s).replace(/`([^`]+)`/g, '<code>$1</code>').replace(/`/g, '');

const CSS = `
body { font: 15px/1.45 system-ui, sans-serif; margin: 2rem auto; padding: 0 1.5rem; max-width: 72rem; color: #1a1a1a; background: #fff; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
.wide { max-width: 100%; overflow-x: auto; }
table { border-collapse: collapse; margin: .5rem 0; }
th, td { border: 1px solid #bbb; padding: .3rem .55rem; text-align: left; vertical-align: top; }
th { background: #eee; } #checklist td { white-space: nowrap; } #quizzes td { min-width: 6rem; } #checklist thead th, #quizzes thead th { max-width: 8rem; overflow-wrap: anywhere; }
th.item { font-weight: 600; max-width: 16rem; } .legend { max-width: 48rem; } .legend li { margin: .15rem 0; }
td.done { background: #d9f2d9; } td.in-progress { background: #fff2c2; } td.pending, td.planned { background: #f4f4f4; color: #555; }
td.over { background: #fde2dc; }
.tick { font-weight: 600; } .num { text-align: right; font-variant-numeric: tabular-nums; }
.skipped { color: #8a1f11; } .note { color: #555; max-width: 48rem; }
code { font-size: .92em; background: rgba(127,127,127,.15); padding: 0 .2em; border-radius: 3px; }
@media (prefers-color-scheme: dark) {
  body { background: #151515; color: #e6e6e6; } th { background: #2a2a2a; } th, td { border-color: #555; }
  td.done { background: #1f3d1f; } td.in-progress { background: #47400f; } td.pending, td.planned { background: #222; color: #aaa; } td.over { background: #4a2119; } .note { color: #aaa; } .skipped { color: #ff9f8f; }
}
@page { size: A4; margin: 12mm; }
@media print {
  body { font-size: 9.5pt; margin: 0; padding: 0; max-width: none; color: #000; background: #fff; }
  h2 { margin-top: 1.2rem; break-after: avoid; } .wide { overflow: visible; }
  table { width: 100%; } th, td { padding: .15rem .3rem; } thead { display: table-header-group; } tr { break-inside: avoid; }
  #checklist td { white-space: normal; }
}`;

/** One page, everything inline: it opens from a file:// URL, offline, in any browser. */
export function renderClassHtml(r: ClassReport): string {
  const h: string[] = [];
  h.push('<!doctype html>', '<html lang="en">', '<head>', '<meta charset="utf-8">', '<meta name="viewport" content="width=device-width, initial-scale=1">');
  h.push(`<title>Class report${r.course ? `: ${esc(r.course.replace(/`/g, ''))}` : ''}</title>`, `<style>${CSS}</style>`, '</head>', '<body>');
  h.push(`<h1>Class report${r.course ? `: ${prose(r.course)}` : ''}</h1>`);
  h.push(`<p class="note" id="summary">${r.learners.length} learner${r.learners.length === 1 ? '' : 's'}; made ${esc(r.generatedAt.slice(0, 16).replace('T', ' '))} UTC.</p>`);
  if (r.otherCourses) h.push(`<p class="note" id="other-courses">${esc(otherCoursesNote(r))}</p>`);
  h.push('<h2>Learners</h2>', '<div class="wide"><table id="learners"><thead><tr><th>learner</th><th>lessons done</th><th>now at</th></tr></thead><tbody>');
  for (const l of r.learners) h.push(`<tr><th scope="row">${esc(l.name)}</th><td class="num">${l.lessonsDone} of ${l.lessons}</td><td>${l.current ? `${prose(l.current.lesson)}: ${prose(l.current.step)}` : '—'}</td></tr>`);
  h.push('</tbody></table></div>');
  h.push('<h2>Checklist</h2>', '<p class="note">One row per item (its sentence in the list below), one column per learner. Each cell: what the lessons show (done, started, not yet), then <span class="tick">✓</span> when the learner ticked “I can explain this” themselves.</p>');
  h.push('<div class="wide"><table id="checklist"><thead><tr><th>item</th>' + r.learners.map((l) => `<th scope="col">${esc(l.name)}</th>`).join('') + '</tr></thead><tbody>');
  for (const [i, c] of r.checklist.entries()) {
    const cells = r.learners.map((l) => {
      const v = cellOf(l, c.id);
      return v ? `<td class="${esc(v.status)}">${esc(shortWord(v.status))}${v.self ? ' <span class="tick" title="ticked “I can explain this”">✓</span>' : ''}</td>` : '<td>—</td>';
    });
    h.push(`<tr><th scope="row" class="item" title="${esc(c.text.replace(/`/g, ''))}">${i + 1}. ${esc(c.short)}</th>${cells.join('')}</tr>`);
  }
  h.push('</tbody></table></div>', '<ol class="legend" id="legend">', ...r.checklist.map((c) => `<li>${prose(c.text)}${columnNote(c) ? ` <span class="note">(${esc(columnNote(c))})</span>` : ''}</li>`), '</ol>');
  if (r.quizzes.length) {
    h.push('<h2>Quizzes</h2>', '<p class="note">Per learner: questions right at the first try, right in the end, answers shown; <em>passed over</em> when the learner went on without passing it.</p>');
    h.push('<div class="wide"><table id="quizzes"><thead><tr><th>quiz</th>' + r.learners.map((l) => `<th scope="col">${esc(l.name)}</th>`).join('') + '</tr></thead><tbody>');
    for (const q of r.quizzes) {
      const cells = r.learners.map((l) => {
        const x = quizOf(l, q.key);
        return `<td${x?.status === 'passed over' ? ' class="over"' : x?.status === 'passed' ? ' class="done"' : ''}>${esc(quizText(x))}</td>`;
      });
      h.push(`<tr><th scope="row" class="item">${prose(q.lesson)}: ${prose(q.title)}</th>${cells.join('')}</tr>`);
    }
    h.push('</tbody></table></div>');
  }
  h.push('<h2>Where the room got stuck</h2>');
  if (!r.stuck.length) h.push('<p id="stuck">Nowhere yet: no attempts, hints or answers shown.</p>');
  else {
    h.push('<div class="wide"><table id="stuck"><thead><tr><th>lesson</th><th>step</th><th>learners</th><th>not passed</th><th>passed over</th><th>attempts</th><th>hints</th><th>answers shown</th><th>solutions before / after a pass</th><th>time</th></tr></thead><tbody>');
    for (const s of r.stuck)
      h.push(
        `<tr><td>${prose(s.title)}</td><td>${prose(s.stepTitle)} (${esc(s.kind)})</td><td class="num">${s.learners}</td><td class="num">${s.kind === 'task' || s.kind === 'quiz' ? s.notPassed : ''}</td><td class="num">${s.passedOver}</td><td class="num">${s.attempts}</td><td class="num">${s.hints}</td><td class="num">${s.reveals}</td><td class="num">${s.solutionsBefore} / ${s.solutions - s.solutionsBefore}</td><td class="num">${esc(duration(s.timeMs))}</td></tr>`,
      );
    h.push('</tbody></table></div>');
  }
  if (r.skipped.length) {
    h.push('<h2>Files skipped</h2>', '<ul id="skipped" class="skipped">');
    for (const s of r.skipped) h.push(`<li><code>${esc(s.file)}</code>: ${prose(s.why)}</li>`);
    h.push('</ul>');
  }
  h.push('</body>', '</html>');
  return h.join('\n') + '\n';
}
