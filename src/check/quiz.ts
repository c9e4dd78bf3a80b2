/** Checking a quiz answer (pure). */
import type { QuizStep } from '../lessons/schema.js';

type Question = QuizStep['questions'][number];

export interface QuizVerdict {
  ok: boolean;
  /** The right answer in words. */
  correct: string;
  explanation: string;
}

/** `answer` is a choice index (number or "2"/"b") for choice questions, free text otherwise. */
export function checkAnswer(q: Question, answer: string | number): QuizVerdict {
  if (q.choices) {
    let idx = typeof answer === 'number' ? answer : Number.NaN;
    if (typeof answer === 'string') {
      const t = answer.trim().toLowerCase();
      if (/^\d+$/.test(t)) idx = Number(t) - 1; // people count from 1
      else if (/^[a-z]$/.test(t)) idx = t.charCodeAt(0) - 97;
    }
    return { ok: idx === q.answer, correct: q.choices[q.answer!] ?? '', explanation: q.explanation };
  }
  const ok = new RegExp(q.accept!, 'i').test(String(answer).trim());
  return { ok, correct: `an answer matching /${q.accept}/`, explanation: q.explanation };
}
