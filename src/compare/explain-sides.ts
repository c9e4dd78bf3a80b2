/** `compare --explain`: explain each side that crashed, in its own environment. */
import { explainCrash, isCrash, type CrashExplanation } from '../explain/explain.js';
import type { LabSession } from '../lab/session.js';
import type { Comparison, CompareRequest } from './compare.js';

/** One explanation per side, null for a side that did not crash. */
export async function explainSides(lab: LabSession, req: CompareRequest, c: Comparison): Promise<(CrashExplanation | null)[]> {
  return Promise.all(
    c.sides.map((s) =>
      isCrash(s.run) ? explainCrash(lab, s.compile.env, { sources: req.sources, flags: req.flags, run: req.run, stderr: s.run!.stderr }) : Promise.resolve(null),
    ),
  );
}
