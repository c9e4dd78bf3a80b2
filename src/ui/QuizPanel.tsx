import type { QuizStep } from '../lessons/schema.js';
import type { Style } from '../util/style.js';
import { Lines } from './Lines.js';
import type { QuizState } from './state.js';
import { wrap } from './text.js';
import { useTheme } from './theme.js';

/** The quiz panel's lines (its height decides how much room the lesson view gives it). */
export function quizLines(step: QuizStep, quiz: QuizState | undefined, width: number, st: Style): string[] {
  const idx = quiz?.question ?? 0;
  const q = step.questions[idx]!;
  const answers = quiz?.answers ?? {};
  const right = step.questions.filter((x) => answers[x.id]?.ok).length;
  const lines = [st.bold(`Question ${idx + 1} of ${step.questions.length}`) + st.dim(`${st.fancy ? '  ·  ' : ', '}${right} answered right`), ...wrap(q.prompt, width)];
  if (q.choices) q.choices.forEach((c, i) => lines.push(...wrap(`${i + 1}) ${c}`, width - 3).map((l, j) => (j ? `   ${l}` : l))));
  const a = answers[q.id];
  if (quiz?.typing !== undefined) lines.push(`your answer: ${quiz.typing}_`);
  else if (a) {
    lines.push('');
    lines.push(...wrap(a.ok ? `${st.sym.ok} Right.` : `${st.sym.fail} Not quite (you answered ${a.given}). The answer: ${a.correct}`, width).map((l) => (a.ok ? st.green(l) : st.red(l))));
    lines.push(...wrap(a.explanation, width).map((l) => st.dim(l)));
    if (!a.ok) lines.push(st.dim('Try again, or tab for the next question.'));
  }
  return lines;
}

/** One question at a time: choices by number or a typed answer, checked at once, with the explanation. */
export function QuizPanel({ step, quiz, width, height }: { step: QuizStep; quiz: QuizState | undefined; width: number; height: number }) {
  return <Lines lines={quizLines(step, quiz, width, useTheme()).slice(0, height)} height={height} />;
}
