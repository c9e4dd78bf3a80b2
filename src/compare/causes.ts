/** The diagnosis of a comparison with the installed catalogue: what `compare` prints under a difference. */
import { diagnose, type Diagnosis } from '../causes/diagnose.js';
import { catalogue } from '../causes/load.js';
import type { CrashExplanation } from '../explain/explain.js';
import type { SourceFile } from '../lab/types.js';
import type { Comparison } from './compare.js';
import { comparisonObservations } from './evidence.js';

/** [] when the outcomes are the same; else the causes found, or [unclassified]. */
export function diagnoseComparison(c: Comparison, sources: SourceFile[], explanations: (CrashExplanation | null)[] = []): Diagnosis[] {
  if (c.differences.length === 0) return [];
  return diagnose(catalogue(), comparisonObservations(c, sources, explanations));
}
