/** Loading the exact column widths (exact-width.ts, about 30 ms of CPU) only when a command's text needs them. */
import { hasWideText, needsWideText } from './columns.js';

/** Load the full measure (string-width, cli-truncate) when `texts` need it; later fit() calls use it. */
export async function loadWideText(texts: string[]): Promise<void> {
  if (!hasWideText() && texts.some(needsWideText)) await import('./exact-width.js'); // it calls useWideText
}
