/**
 * The keys that tie the tutorial's state to a step: a step's key (its runs,
 * hints, quiz answers, workspace copy) and a row's key (the "why did it
 * crash?" and trace panels of one row of a step's run). Branded, so a bare
 * string cannot stand in for one: they are made and read only here.
 *
 * Lesson and step ids are lower-case letters, digits and dashes
 * (lessons/schema.ts), so a key reads "lesson/step" and a row's key
 * "lesson/step#row". Whatever the ids hold, `%`, `/` and `#` in them are
 * escaped (%25, %2F, %23), so making and parsing round-trip and no two
 * steps share a key.
 */
declare const stepKeyBrand: unique symbol;
declare const rowKeyBrand: unique symbol;

/** One step of one lesson: "lesson/step". */
export type StepKey = string & { readonly [stepKeyBrand]: true };
/** One row (variant) of a step's run: "lesson/step#row". */
export type RowKey = string & { readonly [rowKeyBrand]: true };

const escapePart = (s: string) => s.replace(/[%/#]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const unescapePart = (s: string) => s.replace(/%(25|2F|23)/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
/** A part as `escapePart` writes it: no bare separator, every % an escape. */
const PART = /^(?:[^%/#]|%(?:25|2F|23))*$/;

export function stepKey(lesson: string, step: string): StepKey {
  return `${escapePart(lesson)}/${escapePart(step)}` as StepKey;
}

/** The lesson and step of a key; undefined for any string `stepKey` does not make. */
export function parseStepKey(key: string): { lesson: string; step: string } | undefined {
  const parts = key.split('/');
  if (parts.length !== 2 || !parts.every((p) => PART.test(p))) return undefined;
  return { lesson: unescapePart(parts[0]!), step: unescapePart(parts[1]!) };
}

/** Whether a step key belongs to this lesson. */
export const inLesson = (key: StepKey, lesson: string): boolean => parseStepKey(key)?.lesson === lesson;

export function rowKey(step: StepKey, row: string): RowKey {
  return `${step}#${escapePart(row)}` as RowKey;
}

/** The step key and row of a row's key; undefined for any string `rowKey` does not make. */
export function parseRowKey(key: string): { step: StepKey; row: string } | undefined {
  const parts = key.split('#');
  if (parts.length !== 2 || !parseStepKey(parts[0]!) || !PART.test(parts[1]!)) return undefined;
  return { step: parts[0] as StepKey, row: unescapePart(parts[1]!) };
}
