/** Any failure as the learner sees it: the message and the next step, never a stack trace. */
import { isLabError } from '../../errors.js';
import type { ErrorInfo } from './state.js';

export function toErrorInfo(e: unknown): ErrorInfo {
  if (isLabError(e)) return { message: e.message, next: e.next };
  const msg = e instanceof Error ? e.message : String(e);
  return { message: `unexpected failure: ${msg}`, next: 'This is a bug in musl-lab; run again with MUSL_LAB_DEBUG=1 and report the output.' };
}
