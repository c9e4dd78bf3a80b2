/**
 * The progress file: small, versioned, keyed by lesson and step ids (never
 * positions), so reordering lessons or renaming one does not shift anything.
 * Older versions are migrated on read (see migrate), never set aside.
 */
import { z } from 'zod';

export const PROGRESS_VERSION = 2;

/** seen: an explain step read or an experiment run; attempted: ran but did not pass; passed: every check held. */
export const stepStatus = z.enum(['seen', 'attempted', 'passed']);
export type StepStatus = z.infer<typeof stepStatus>;

const questionRecord = z.object({
  /** Answered right in the end (after tries, or shown the answer: see revealed). */
  ok: z.boolean(),
  at: z.string(),
  /** The first answer given was right. Absent in files of version 1: not known then. */
  firstTry: z.boolean().optional(),
  tries: z.number().int().min(0).optional(),
  /** The answer was shown (after a second wrong try, or on request). */
  revealed: z.boolean().optional(),
});
export type QuestionRecord = z.infer<typeof questionRecord>;

export const stepRecord = z.object({
  status: stepStatus,
  at: z.string(),
  /** Quiz answers by question id. */
  questions: z.record(z.string(), questionRecord).optional(),
  /** Runs of the step (a task: runs of the learner's program). */
  attempts: z.number().int().min(0).optional(),
  hints: z.number().int().min(0).optional(),
  solutionViewed: z.boolean().optional(),
  /** The solution was opened while the step was not passed yet / after it passed (absent in older files). */
  solutionBeforePass: z.boolean().optional(),
  solutionAfterPass: z.boolean().optional(),
  /** Time with this step on screen, summed over visits. */
  timeMs: z.number().min(0).optional(),
});
export type StepRecord = z.infer<typeof stepRecord>;

export const lessonRecord = z.object({ steps: z.record(z.string(), stepRecord) });
export type LessonRecord = z.infer<typeof lessonRecord>;

/** The learner's own tick on a checklist item: "I can explain this". */
export const selfCheck = z.object({ at: z.string() });

export const progressData = z.object({
  version: z.literal(PROGRESS_VERSION),
  updatedAt: z.string(),
  /** Where the learner was: "continue where I left off". */
  current: z.object({ lesson: z.string(), step: z.string() }).optional(),
  /** By lesson id. Ids of lessons that no longer exist are kept untouched and ignored. */
  lessons: z.record(z.string(), lessonRecord),
  /** Checklist items the learner ticked, by item id. */
  selfCheck: z.record(z.string(), selfCheck).default({}),
});
export type ProgressData = z.infer<typeof progressData>;

export function emptyProgress(at = new Date(0).toISOString()): ProgressData {
  return { version: PROGRESS_VERSION, updatedAt: at, lessons: {}, selfCheck: {} };
}

/** Version 1 had no attempts, hints, times or self-check; a question's ok meant "right at some point". */
const v1 = z.object({
  version: z.literal(1),
  updatedAt: z.string(),
  current: z.object({ lesson: z.string(), step: z.string() }).optional(),
  lessons: z.record(z.string(), z.object({ steps: z.record(z.string(), z.object({ status: stepStatus, at: z.string(), questions: z.record(z.string(), z.object({ ok: z.boolean(), at: z.string() })).optional() })) })),
});

/**
 * Bring an older file's JSON to this version, or return it unchanged (the
 * caller validates). Nothing known is dropped; what version 1 did not record
 * (first-try results, attempts) stays absent rather than guessed.
 */
export function migrate(json: unknown): unknown {
  const old = v1.safeParse(json);
  if (!old.success) return json;
  return { ...old.data, version: PROGRESS_VERSION, selfCheck: {} };
}
