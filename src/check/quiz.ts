/** Checking a quiz answer, and what a learner's tries at one question add up to (pure). */

/** What checking needs of a quiz question (the lesson format's quizQuestion, lessons/schema.ts, has this shape). */
export interface Question {
  choices?: string[];
  /** Index into choices (0-based). */
  answer?: number;
  /** For a short answer: a case-insensitive pattern the answer must match. */
  accept?: string;
  /** The accepted answers in words. */
  answerText?: string;
}

export interface QuizVerdict {
  ok: boolean;
}

/** The right answer in words: the choice, or the question's answerText (never a raw pattern). */
export function answerInWords(q: Question): string {
  if (q.choices) return q.choices[q.answer!] ?? '';
  return q.answerText ?? 'see the explanation below';
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
    return { ok: idx === q.answer };
  }
  return { ok: new RegExp(q.accept!, 'i').test(String(answer).trim()) };
}

/** A learner's record of one question in this session. */
export interface QuizAnswer {
  /** The last answer given. */
  given: string;
  /** That last answer was right. */
  last: boolean;
  /** Answered right at some point. */
  ok: boolean;
  /** The first answer was right: fixed at the first try. */
  firstTry: boolean;
  tries: number;
  /** The answer and explanation were shown (after a second wrong try, or on request). */
  revealed: boolean;
}

/** Wrong answers before the answer is shown without asking. */
export const WRONG_BEFORE_REVEAL = 2;

/** The record after one more answer: a wrong try never turns into a first-try right, and a second wrong one reveals the answer. */
export function nextAnswer(prev: QuizAnswer | undefined, given: string, ok: boolean): QuizAnswer {
  const tries = (prev?.tries ?? 0) + 1;
  const wrongs = (prev ? prev.tries - (prev.ok ? 1 : 0) : 0) + (ok ? 0 : 1);
  return {
    given,
    last: ok,
    ok: ok || !!prev?.ok,
    firstTry: prev ? prev.firstTry : ok,
    tries,
    revealed: !!prev?.revealed || (!ok && !prev?.ok && wrongs >= WRONG_BEFORE_REVEAL),
  };
}

/** The record after the learner asked to see the answer. */
export function revealAnswer(prev: QuizAnswer | undefined): QuizAnswer {
  return prev ? { ...prev, revealed: true } : { given: '', last: false, ok: false, firstTry: false, tries: 0, revealed: true };
}
