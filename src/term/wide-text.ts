/** Loading the exact column widths (columns.ts, about 30 ms of CPU) only when a command's text needs them. */
import { hasWideText, needsWideText } from './columns-fast.js';

/** Load the full measure (string-width, cli-truncate) when `texts` need it; later fit() calls use it. */
export async function loadWideText(texts: string[]): Promise<void> {
  if (!hasWideText() && texts.some(needsWideText)) await import('./columns.js'); // it calls useWideText
}
