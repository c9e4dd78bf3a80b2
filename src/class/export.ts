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

/**
 * Sizes far above any course's (a course has tens of lessons and checklist items): an export
 * beyond them is not one, and cannot blow the room's report up (96 MB of exports once made a 496 MB page).
 */
export const EXPORT_LIMITS = { items: 200, lessons: 200, steps: 500, id: 100, text: 500 } as const;
const id = z.string().max(EXPORT_LIMITS.id);
const text = z.string().max(EXPORT_LIMITS.text);

type StepReport = z.infer<typeof stepReport>;

/**
 * A lesson's steps by id, into a record with no prototype: a step id is data ("__proto__" or
 * "constructor" is a step like any other; z.record would set the prototype with the one and refuse
 * the other). Each step checked as stepReport, a failure's path naming the step.
 */
const steps = z
  .custom<Record<string, unknown>>((v) => v !== null && typeof v === 'object' && !Array.isArray(v), 'expected an object of steps by id')
  .transform((v, ctx) => {
    const out = Object.create(null) as Record<string, StepReport>;
    const entries = Object.entries(v);
    if (entries.length > EXPORT_LIMITS.steps) {
      ctx.addIssue({ code: 'custom', message: `more than ${EXPORT_LIMITS.steps} steps` });
      return z.NEVER;
    }
    for (const [k, x] of entries) {
      if (k.length > EXPORT_LIMITS.id) ctx.addIssue({ code: 'custom', path: [k], message: `a step id longer than ${EXPORT_LIMITS.id} characters` });
      const r = stepReport.safeParse(x);
      if (!r.success) for (const i of r.error.issues) ctx.addIssue({ code: 'custom', path: [k, ...i.path], message: i.message });
      else Object.defineProperty(out, k, { value: r.data, enumerable: true, writable: true, configurable: true });
    }
    return out;
  });

export const learnerExport = z.object({
  kind: z.literal(EXPORT_KIND),
  version: z.literal(EXPORT_VERSION),
  /** As the learner gave it (a first name, a nickname, a seat number). */
  name: z.string().min(1).max(80),
  exportedAt: z.string().max(40),
  course: text,
  checklist: z.array(z.object({ id, text, status: z.enum(['done', 'in-progress', 'pending', 'planned']), selfChecked: z.boolean() })).max(EXPORT_LIMITS.items),
  lessons: z
    .array(
      z.object({
        id,
        title: text.optional(),
        status: z.enum(['done', 'in-progress', 'pending', 'not-written']),
        steps,
      }),
    )
    .max(EXPORT_LIMITS.lessons),
  /** Where in the course the learner is (lesson and step ids; absent in older exports). */
  current: z.object({ lesson: id, step: id }).optional(),
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
