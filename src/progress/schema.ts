/**
 * The progress file: small, versioned, keyed by lesson and step ids (never
 * positions), so reordering lessons or renaming one does not shift anything.
 */
import { z } from 'zod';

export const PROGRESS_VERSION = 1;

/** seen: an explain step was read; attempted: ran but did not pass; passed: every check held. */
export const stepStatus = z.enum(['seen', 'attempted', 'passed']);
export type StepStatus = z.infer<typeof stepStatus>;

const questionRecord = z.object({ ok: z.boolean(), at: z.string() });

export const stepRecord = z.object({
  status: stepStatus,
  at: z.string(),
  /** Quiz answers by question id: ok once answered right. */
  questions: z.record(z.string(), questionRecord).optional(),
});
export type StepRecord = z.infer<typeof stepRecord>;

export const lessonRecord = z.object({ steps: z.record(z.string(), stepRecord) });
export type LessonRecord = z.infer<typeof lessonRecord>;

export const progressData = z.object({
  version: z.literal(PROGRESS_VERSION),
  updatedAt: z.string(),
  /** Where the learner was: "continue where I left off". */
  current: z.object({ lesson: z.string(), step: z.string() }).optional(),
  /** By lesson id. Ids of lessons that no longer exist are kept untouched and ignored. */
  lessons: z.record(z.string(), lessonRecord),
});
export type ProgressData = z.infer<typeof progressData>;

export function emptyProgress(at = new Date(0).toISOString()): ProgressData {
  return { version: PROGRESS_VERSION, updatedAt: at, lessons: {} };
}
