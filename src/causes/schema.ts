/**
 * The catalogue of root causes (causes/<id>.yaml): why a program that works
 * on glibc fails or differs on musl, how to recognise it, and how to fix it.
 * One file per cause; `id` is a stable name scripts depend on.
 */
import { z } from 'zod';

/** Where a signal shows: gcc's diagnostics, the dynamic loader or dlerror, the program's output, a crash explanation, an strace, or the source. */
export const CHANNELS = ['compiler', 'loader', 'output', 'crash', 'trace', 'source'] as const;
export type Channel = (typeof CHANNELS)[number];

const regex = z.string().min(1).refine((s) => {
  try {
    new RegExp(s, 'm');
    return true;
  } catch {
    return false;
  }
}, 'not a valid JavaScript regular expression');

export const signal = z.strictObject({
  /** Where the evidence is read. */
  in: z.enum(CHANNELS),
  /** The environment where it shows (musl also covers musl-gcompat). */
  env: z.enum(['musl', 'glibc', 'any']),
  /** A JavaScript regular expression, tested on one diagnostic (its message and source excerpt), one line, or (multiline) the whole text. */
  pattern: regex,
  /** Match the whole text at once (for a pattern that spans lines, e.g. an #include before #define _GNU_SOURCE). */
  multiline: z.boolean().default(false),
  /**
   * For source signals, which difference they explain: the programs ran and
   * behaved differently (the default), that environment's program crashed,
   * or it did not compile there.
   */
  when: z.enum(['differs', 'crash', 'compile']).default('differs'),
  /** What this evidence means, in one line. */
  means: z.string().min(1),
});
export type Signal = z.infer<typeof signal>;

export const lessonRef = z.strictObject({
  lesson: z.string().min(1),
  /** The step of that lesson that teaches it. */
  step: z.string().min(1),
});
export type LessonRef = z.infer<typeof lessonRef>;

export const causeEntry = z.strictObject({
  formatVersion: z.literal(1),
  id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'lower-case words joined by hyphens'),
  title: z.string().min(1),
  /** What differs between musl and glibc, and why. */
  differs: z.string().min(1),
  /** Primary sources with versions (musl 1.2.5 file (function), glibc 2.41 file, POSIX.1-2024 name). */
  sources: z.array(z.string().min(1)).min(1),
  fix: z.strictObject({
    /** What to change in the program: one short paragraph. */
    change: z.string().min(1),
    /** Other ways out (a compatibility package, a build flag), each with what it costs. */
    alternatives: z.array(z.strictObject({ text: z.string().min(1), package: z.string().optional() })).default([]),
  }),
  /** Where the course teaches it; empty when no lesson does yet. */
  lessons: z.array(lessonRef).default([]),
  /** Real projects that hit it: facts with a place to check them. */
  projects: z.array(z.strictObject({ name: z.string().min(1), fact: z.string().min(1), source: z.string().min(1) })).default([]),
  /** How to recognise it; empty only for `unclassified`. */
  signals: z.array(signal).default([]),
});
export type CauseEntry = z.infer<typeof causeEntry>;
