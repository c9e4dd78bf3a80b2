/**
 * The exact column widths (string-width, cli-truncate) for columns.ts: loading this module
 * hands them over, and from then on columns.ts's `fit` and `visibleLength` measure CJK, emoji
 * and combining marks exactly. Their Unicode tables cost about 30 ms of CPU when loaded, so a
 * light command loads this only when its text needs it (`loadWideText`); a module that draws
 * any text synchronously imports it for its effect: `import '../term/exact-width.js'`.
 */
import cliTruncate from 'cli-truncate';
import stringWidth from 'string-width';
import { useWideText } from './columns.js';

/** Pad or cut to exactly `width` columns by the full tables (cli-truncate keeps styles closed). */
function exactFit(s: string, w: number, ellipsis = '…'): string {
  let cut = s;
  // cli-truncate 5 keeps a wide character that straddles the cut ("日本語" at 4 columns: "日本…", 5): ask for less
  for (let room = w; stringWidth(cut) > w && room >= 0; room--) cut = cliTruncate(s, room, { truncationCharacter: ellipsis });
  return cut + ' '.repeat(Math.max(0, w - stringWidth(cut)));
}

useWideText({ fit: exactFit, visibleLength: stringWidth });
