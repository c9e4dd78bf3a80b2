/**
 * Failures of the tool (not of the learner's program) come as a LabError:
 * what happened, and the exact next step. Outcomes of learner code are never
 * errors: they are data (see lab/types.ts).
 */
export type ErrorKind =
  | 'docker-unreachable'
  | 'docker-permission'
  | 'image-missing'
  | 'disk-full'
  | 'build-failed'
  | 'registry-unreachable'
  | 'missing-tool'
  | 'bad-input'
  | 'lesson-invalid'
  | 'cancelled'
  /** Another musl-lab holds what this one needs (a lock) and does not let go. */
  | 'busy'
  | 'internal';

export class LabError extends Error {
  readonly kind: ErrorKind;
  /** The one thing the user should do next, as a sentence or a command. */
  readonly next: string;

  constructor(kind: ErrorKind, message: string, next: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LabError';
    this.kind = kind;
    this.next = next;
  }
}

/** What a user does about a failure that is musl-lab's own fault (an impossible state). */
export const REPORT_BUG = 'This is a bug in musl-lab: run again with MUSL_LAB_DEBUG=1 and report the output.';

/**
 * A state musl-lab itself got wrong (not Docker's, not the user's): shown like any
 * LabError, with one next step, so "report this" is written once, here.
 */
export class BugError extends LabError {
  constructor(message: string, options?: { cause?: unknown; next?: string }) {
    super('internal', message, options?.next ?? REPORT_BUG, options);
    this.name = 'BugError';
  }
}

export function isLabError(e: unknown): e is LabError {
  return e instanceof LabError;
}

/** Exit codes shared by every command (documented in --help). */
export const EXIT = {
  ok: 0,
  /** compare: outcomes differ; verify: an expectation failed; doctor: something is missing. */
  differs: 1,
  usage: 2,
  toolFailure: 3,
  interrupted: 130,
} as const;

/** One place that turns any failure into words for a person: no stack trace unless asked. */
export function describeError(e: unknown, debug = false): string {
  if (isLabError(e)) {
    return `error: ${e.message}\nnext:  ${e.next}` + (debug && e.stack ? `\n${e.stack}` : '');
  }
  const msg = e instanceof Error ? e.message : String(e);
  const text = `error: unexpected failure: ${msg}\nnext:  ${REPORT_BUG}`;
  return debug && e instanceof Error && e.stack ? `${text}\n${e.stack}` : text;
}
