import { answerInWords } from '../../check/quiz.js';
import type { QuizStep } from '../../lessons/schema.js';
import type { Style } from '../../term/style.js';
import { Lines } from '../components/Lines.js';
import type { QuizState } from '../state/state.js';
import { wrap } from '../../term/wrap.js';
import { useTheme } from '../components/theme.js';

/**
 * The quiz panel's lines (their count decides how much room the lesson view
 * gives it). One question at a time: choices by number or a typed answer. A
 * wrong answer gets a nudge (and the question's hint), not the answer; the
 * answer and explanation come after a second wrong try or on request (s).
 */
export function quizLines(step: QuizStep, quiz: QuizState | undefined, width: number, st: Style): string[] {
  const idx = quiz?.question ?? 0;
  const q = step.questions[idx]!;
  const answers = quiz?.answers ?? {};
  const first = step.questions.filter((x) => answers[x.id]?.firstTry).length;
  const right = step.questions.filter((x) => answers[x.id]?.ok).length;
  const tally = Object.keys(answers).length ? `${st.fancy ? '  ·  ' : ', '}${first} right first try, ${right} of ${step.questions.length} right so far` : '';
  const lines = [st.bold(`Question ${idx + 1} of ${step.questions.length}`) + st.dim(tally), ...wrap(q.prompt, width)];
  if (q.choices) q.choices.forEach((c, i) => lines.push(...wrap(`${i + 1}) ${c}`, width - 3).map((l, j) => (j ? `   ${l}` : l))));
  const a = answers[q.id];
  const typing = !q.choices && !quiz?.away && !a?.ok;
  if (typing) lines.push(`your answer: ${quiz?.typing ?? ''}${st.fancy ? '▏' : '_'}`);
  if (a) {
    lines.push('');
    const given = q.choices ? `${a.given}) ${q.choices[Number(a.given) - 1] ?? a.given}` : `"${a.given}"`;
    if (a.ok && a.last) lines.push(st.green(`${st.sym.ok} Right${a.firstTry ? ', at the first try' : a.revealed ? ' (after the answer was shown)' : ` (at try ${a.tries})`}.`));
    else if (a.ok) lines.push(st.green(`${st.sym.ok} You answered this one right before.`));
    else if (a.tries) lines.push(st.red(`${st.sym.fail} Not quite: you answered ${given}.`));
    if (a.revealed || a.ok) {
      // the way back is said as plainly as the way on
      const moves = `tab: next question${idx > 0 ? '; shift-tab: the previous one' : ''}.`;
      if (!a.ok) lines.push(st.dim(q.choices ? `The answer is shown (and recorded as shown). ${moves}` : `The answer is shown (and recorded as shown); you can still type it in. ${moves}`));
      if (!a.ok || !a.last || !q.choices) lines.push(...wrap(`${q.choices ? 'The answer' : 'Accepted answers'}: ${answerInWords(q)}`, width).map((l) => st.bold(l)));
      lines.push(...wrap(q.explanation, width).map((l) => st.dim(l)));
    } else {
      if (q.hint) lines.push(...wrap(`Hint: ${q.hint}`, width).map((l) => st.cyan(l)));
      lines.push(st.dim(`Try again. One more wrong answer shows the answer; ${typing ? 'esc, then s' : 's'} shows it now.`));
    }
  }
  return lines;
}

/** The quiz panel: quizLines, fitted to its height. */
export function QuizPanel({ step, quiz, width, height }: { step: QuizStep; quiz: QuizState | undefined; width: number; height: number }) {
  return <Lines lines={quizLines(step, quiz, width, useTheme()).slice(0, height)} height={height} />;
}
