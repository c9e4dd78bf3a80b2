/**
 * A learner's record for a workshop: their progress report with a name they
 * chose and nothing else personal (no paths, no user or host names). The
 * instructor merges a room's exports with `musl-lab class`.
 */
import { z } from 'zod';
import type { ProgressReport } from '../progress/report.js';

export const EXPORT_KIND = 'musl-lab-progress-export';
export const EXPORT_VERSION = 1;

const stepReport = z.object({
  kind: z.enum(['explain', 'experiment', 'task', 'quiz']),
  status: z.enum(['pending', 'read', 'opened', 'ran', 'attempted', 'passed']),
  attempts: z.number().int().min(0),
  hints: z.number().int().min(0),
  solutionViewed: z.boolean(),
  /** Opened before the step passed (absent: after it, or not known in an older export). */
  solutionBeforePass: z.boolean().optional(),
  timeMs: z.number().min(0),
  quiz: z.object({ questions: z.number().int(), firstTryRight: z.number().int(), right: z.number().int(), revealed: z.number().int(), firstTryUnknown: z.number().int() }).optional(),
});

export const learnerExport = z.object({
  kind: z.literal(EXPORT_KIND),
  version: z.literal(EXPORT_VERSION),
  /** As the learner gave it (a first name, a nickname, a seat number). */
  name: z.string().min(1).max(80),
  exportedAt: z.string(),
  course: z.string(),
  checklist: z.array(z.object({ id: z.string(), text: z.string(), status: z.enum(['done', 'in-progress', 'pending', 'planned']), selfChecked: z.boolean() })),
  lessons: z.array(z.object({ id: z.string(), title: z.string().optional(), status: z.enum(['done', 'in-progress', 'pending', 'not-written']), steps: z.record(z.string(), stepReport) })),
  /** Where in the course the learner is (lesson and step ids; absent in older exports). */
  current: z.object({ lesson: z.string(), step: z.string() }).optional(),
});
export type LearnerExport = z.infer<typeof learnerExport>;

/** A name as given, trimmed; control characters would garble a terminal or a table. */
export function cleanName(name: string): string {
  return name.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 80);
}

export function makeExport(report: ProgressReport, name: string, course: string, at: Date): LearnerExport {
  return {
    kind: EXPORT_KIND,
    version: EXPORT_VERSION,
    name: cleanName(name),
    exportedAt: at.toISOString(),
    course,
    checklist: report.checklist.map((c) => ({ id: c.id, text: c.text, status: c.status, selfChecked: !!c.selfChecked })),
    lessons: report.lessons.map((l) => ({ id: l.id, ...(l.title ? { title: l.title } : {}), status: l.status, steps: l.steps })),
    // a place in the course, not about the person: the instructor sees who is where
    ...(report.current ? { current: report.current } : {}),
  };
}
