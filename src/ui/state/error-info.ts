/** Any failure as the learner sees it: the message and the next step, never a stack trace. */
import { isLabError, REPORT_BUG } from '../../errors.js';
import type { ErrorInfo } from './state.js';

export function toErrorInfo(e: unknown): ErrorInfo {
  // a BugError is a LabError: its next step is already REPORT_BUG
  if (isLabError(e)) return { message: e.message, next: e.next };
  const msg = e instanceof Error ? e.message : String(e);
  return { message: `unexpected failure: ${msg}`, next: REPORT_BUG };
}
