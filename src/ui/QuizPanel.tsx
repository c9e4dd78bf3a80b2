import type { QuizStep } from '../lessons/schema.js';
import { Lines } from './Lines.js';
import type { QuizState } from './state.js';
import { wrap } from './text.js';
import { useTheme } from './theme.js';

/** One question at a time: choices by number or a typed answer, checked at once, with the explanation. */
export function QuizPanel({ step, quiz, width, height }: { step: QuizStep; quiz: QuizState | undefined; width: number; height: number }) {
  const st = useTheme();
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
    lines.push(a.ok ? st.green(`${st.sym.ok} Right.`) : st.red(`${st.sym.fail} Not quite (you answered ${a.given}). The answer: ${a.correct}`));
    lines.push(...wrap(a.explanation, width).map((l) => st.dim(l)));
    if (!a.ok) lines.push(st.dim('Try again, or tab for the next question.'));
  }
  return <Lines lines={lines.slice(0, height)} height={height} />;
}
