/**
 * The class report: a room's exports merged into one view for the
 * instructor (pure). Per learner and checklist item, what the lessons show
 * and the learner's own tick; per step, where the room got stuck (attempts,
 * hints, answers shown, solutions viewed). Rendered as Markdown and as one
 * self-contained HTML page (inline CSS, no script, no network).
 */
import { duration } from '../progress/report.js';
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
  checklist: Record<string, { status: string; self: boolean }>;
  /** Where the learner is: lesson and step titles (ids when the course does not know them). */
  current?: { lesson: string; step: string };
  /** By quiz key ("lesson/step"). */
  quizzes: Record<string, QuizResult>;
}

export interface ClassReport {
  generatedAt: string;
  course: string;
  learners: ClassLearner[];
  /** `short`: a few words for the table row; the sentence goes in the legend. */
  checklist: { id: string; short: string; text: string }[];
  /** Every quiz some learner opened, in course order. */
  quizzes: { key: string; lesson: string; title: string }[];
  stuck: StepStuck[];
  skipped: Skipped[];
}

/** Titles from the course the instructor runs (optional: without it, ids are shown). */
export interface CourseTitles {
  lesson(id: string): string | undefined;
  step(lesson: string, step: string): string | undefined;
}

/** How stuck a step looks: every try, hint, shown answer and viewed solution counts. */
const stuckScore = (s: StepStuck) => s.attempts + s.hints + 2 * s.reveals + 2 * s.solutions + s.notPassed + s.passedOver;

/** "set-stack-size" -> "set stack size": the id reads as a short name. */
const shortName = (id: string) => id.replace(/[-_]+/g, ' ').trim() || id;

export function classReport(entries: { file: string; data: LearnerExport }[], skipped: Skipped[], at: Date, titles?: CourseTitles): ClassReport {
  const checklist = new Map<string, string>();
  for (const e of entries) for (const c of e.data.checklist) if (!checklist.has(c.id)) checklist.set(c.id, c.text);
  const steps = new Map<string, StepStuck>();
  const quizzes = new Map<string, { key: string; lesson: string; title: string }>();
  const stepTitle = (lesson: string, step: string) => titles?.step(lesson, step) ?? step;
  const learners = entries.map(({ file, data }): ClassLearner => {
    const mine: Record<string, QuizResult> = {};
    for (const l of data.lessons) {
      const ids = Object.keys(l.steps);
      // the last step the learner reached in this lesson: a graded step before it, not passed, was passed over
      const reached = ids.reduce((n, id, i) => (l.steps[id]!.status !== 'pending' ? i : n), -1);
      for (const [i, [id, s]] of Object.entries(l.steps).entries()) {
        const key = `${l.id}/${id}`;
        const graded = s.kind === 'task' || s.kind === 'quiz';
        const over = graded && s.status !== 'passed' && i < reached;
        if (s.status === 'pending' && !over) continue;
        const agg = steps.get(key) ?? { lesson: l.id, step: id, title: titles?.lesson(l.id) ?? l.title ?? l.id, stepTitle: stepTitle(l.id, id), kind: s.kind, learners: 0, notPassed: 0, passedOver: 0, attempts: 0, hints: 0, reveals: 0, solutions: 0, solutionsBefore: 0, timeMs: 0 };
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
        if (s.kind === 'quiz' && s.quiz && (s.status !== 'pending' || over)) {
          if (!quizzes.has(key)) quizzes.set(key, { key, lesson: titles?.lesson(l.id) ?? l.title ?? l.id, title: stepTitle(l.id, id) });
          mine[key] = { questions: s.quiz.questions, firstTry: s.quiz.firstTryRight, right: s.quiz.right, shown: s.quiz.revealed, status: over ? 'passed over' : s.status };
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
      checklist: Object.fromEntries(data.checklist.map((c) => [c.id, { status: c.status, self: c.selfChecked }])),
      ...(cur ? { current: { lesson: titles?.lesson(cur.lesson) ?? data.lessons.find((l) => l.id === cur.lesson)?.title ?? cur.lesson, step: stepTitle(cur.lesson, cur.step) } } : {}),
      quizzes: mine,
    };
  });
  // experiments are run to look, not to pass: running one again is not being stuck
  const stuck = [...steps.values()].filter((s) => (s.kind === 'task' || s.kind === 'quiz') && stuckScore(s) > 0).sort((a, b) => stuckScore(b) - stuckScore(a) || a.lesson.localeCompare(b.lesson));
  return {
    generatedAt: at.toISOString(),
    course: entries[0]?.data.course ?? '',
    learners,
    checklist: [...checklist].map(([id, text]) => ({ id, short: shortName(id), text })),
    quizzes: [...quizzes.values()],
    stuck,
    skipped,
  };
}

/** The checklist table's cells: a word that keeps a learner's column narrow. */
const SHORT: Record<string, string> = { done: 'done', 'in-progress': 'started', pending: 'not yet', planned: 'planned' };
const WORD: Record<string, string> = { done: 'done', 'in-progress': 'in progress', pending: 'not started', planned: 'planned' };
/** A cell: what the lessons show, then the learner's own tick. */
const cellText = (c: { status: string; self: boolean } | undefined) => (c ? `${WORD[c.status] ?? c.status}${c.self ? ' · ticked' : ''}` : '—');
const mdEscape = (s: string) => s.replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');
/** "2 of 4 first try · 3 right · 1 shown", "passed over". */
const quizText = (q: QuizResult | undefined) => (!q ? '—' : q.status === 'passed over' && !q.right ? 'passed over' : `${q.firstTry} of ${q.questions} first try · ${q.right} right · ${q.shown} shown${q.status === 'passed over' ? ' · passed over' : ''}`);

export function renderClassMarkdown(r: ClassReport): string {
  const out = [`# Class report${r.course ? `: ${mdEscape(r.course)}` : ''}`, '', `${r.learners.length} learner${r.learners.length === 1 ? '' : 's'}; made ${r.generatedAt.slice(0, 16).replace('T', ' ')} UTC.`, ''];
  out.push('## Learners', '', '| learner | lessons done | now at |', '|---|---|---|');
  for (const l of r.learners) out.push(`| ${mdEscape(l.name)} | ${l.lessonsDone} of ${l.lessons} | ${l.current ? mdEscape(`${l.current.lesson}: ${l.current.step}`) : '—'} |`);
  out.push('', '## Checklist', '', 'One row per item (the sentences are listed below the table), one column per learner. Each cell: what the lessons show (done, in progress, not started), then "ticked" when the learner ticked "I can explain this" themselves.', '');
  out.push(`| item | ${r.learners.map((l) => mdEscape(l.name)).join(' | ')} |`, `|---|${r.learners.map(() => '---|').join('')}`);
  for (const [i, c] of r.checklist.entries()) out.push(`| ${i + 1}. ${mdEscape(c.short)} | ${r.learners.map((l) => cellText(l.checklist[c.id])).join(' | ')} |`);
  out.push('');
  for (const [i, c] of r.checklist.entries()) out.push(`${i + 1}. ${mdEscape(c.text)}`);
  if (r.quizzes.length) {
    out.push('', '## Quizzes', '', 'Per learner: questions right at the first try, right in the end, answers shown; "passed over" when the learner went on without passing it.', '');
    out.push(`| quiz | ${r.learners.map((l) => mdEscape(l.name)).join(' | ')} |`, `|---|${r.learners.map(() => '---|').join('')}`);
    for (const q of r.quizzes) out.push(`| ${mdEscape(`${q.lesson}: ${q.title}`)} | ${r.learners.map((l) => quizText(l.quizzes[q.key])).join(' | ')} |`);
  }
  out.push('', '## Where the room got stuck', '');
  if (!r.stuck.length) out.push('Nowhere yet: no attempts, hints or answers shown.');
  else {
    out.push('Solutions viewed: before a pass (a way past the step), then after one (a comparison).', '');
    out.push('| lesson | step | learners | not passed | passed over | attempts | hints | answers shown | solutions before / after a pass | time |', '|---|---|---|---|---|---|---|---|---|---|');
    for (const s of r.stuck) out.push(`| ${mdEscape(s.title)} | ${mdEscape(s.stepTitle)} (${s.kind}) | ${s.learners} | ${s.kind === 'task' || s.kind === 'quiz' ? s.notPassed : ''} | ${s.passedOver} | ${s.attempts} | ${s.hints} | ${s.reveals} | ${s.solutionsBefore} / ${s.solutions - s.solutionsBefore} | ${duration(s.timeMs)} |`);
  }
  if (r.skipped.length) {
    out.push('', '## Files skipped', '');
    for (const s of r.skipped) out.push(`- ${mdEscape(s.file)}: ${mdEscape(s.why)}`);
  }
  return out.join('\n') + '\n';
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
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
  h.push(`<title>Class report${r.course ? `: ${esc(r.course)}` : ''}</title>`, `<style>${CSS}</style>`, '</head>', '<body>');
  h.push(`<h1>Class report${r.course ? `: ${esc(r.course)}` : ''}</h1>`);
  h.push(`<p class="note" id="summary">${r.learners.length} learner${r.learners.length === 1 ? '' : 's'}; made ${esc(r.generatedAt.slice(0, 16).replace('T', ' '))} UTC.</p>`);
  h.push('<h2>Learners</h2>', '<div class="wide"><table id="learners"><thead><tr><th>learner</th><th>lessons done</th><th>now at</th></tr></thead><tbody>');
  for (const l of r.learners) h.push(`<tr><th scope="row">${esc(l.name)}</th><td class="num">${l.lessonsDone} of ${l.lessons}</td><td>${l.current ? `${prose(l.current.lesson)}: ${prose(l.current.step)}` : '—'}</td></tr>`);
  h.push('</tbody></table></div>');
  h.push('<h2>Checklist</h2>', '<p class="note">One row per item (its sentence in the list below), one column per learner. Each cell: what the lessons show (done, started, not yet), then <span class="tick">✓</span> when the learner ticked “I can explain this” themselves.</p>');
  h.push('<div class="wide"><table id="checklist"><thead><tr><th>item</th>' + r.learners.map((l) => `<th scope="col">${esc(l.name)}</th>`).join('') + '</tr></thead><tbody>');
  for (const [i, c] of r.checklist.entries()) {
    const cells = r.learners.map((l) => {
      const v = l.checklist[c.id];
      return v ? `<td class="${esc(v.status)}">${esc(SHORT[v.status] ?? v.status)}${v.self ? ' <span class="tick" title="ticked “I can explain this”">✓</span>' : ''}</td>` : '<td>—</td>';
    });
    h.push(`<tr><th scope="row" class="item" title="${esc(c.text.replace(/`/g, ''))}">${i + 1}. ${esc(c.short)}</th>${cells.join('')}</tr>`);
  }
  h.push('</tbody></table></div>', '<ol class="legend" id="legend">', ...r.checklist.map((c) => `<li>${prose(c.text)}</li>`), '</ol>');
  if (r.quizzes.length) {
    h.push('<h2>Quizzes</h2>', '<p class="note">Per learner: questions right at the first try, right in the end, answers shown; <em>passed over</em> when the learner went on without passing it.</p>');
    h.push('<div class="wide"><table id="quizzes"><thead><tr><th>quiz</th>' + r.learners.map((l) => `<th scope="col">${esc(l.name)}</th>`).join('') + '</tr></thead><tbody>');
    for (const q of r.quizzes) h.push(`<tr><th scope="row" class="item">${prose(q.lesson)}: ${prose(q.title)}</th>${r.learners.map((l) => { const x = l.quizzes[q.key]; return `<td${x?.status === 'passed over' ? ' class="over"' : x?.status === 'passed' ? ' class="done"' : ''}>${esc(quizText(x))}</td>`; }).join('')}</tr>`);
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
