/**
 * Fitting the screen: how many lines each part of the lesson view gets. The
 * live frame always stays shorter than the window, so Ink never has to clear
 * the screen (and the scrollback).
 */

/** Side by side from this width up; stacked below it. */
export const SIDE_BY_SIDE_MIN = 100;

/**
 * Split the lesson view's height between text, hints and the panel (run or quiz).
 * `bodyWanted` (the text's length): rows the text does not need go to the panel.
 */
export function splitLessonHeight(total: number, o: { panelWanted: number; hintLines: number; expanded: boolean; bodyWanted?: number }): { body: number; hints: number; panel: number } {
  const hints = Math.min(o.hintLines, Math.max(0, Math.floor(total / 4)));
  const rest = total - hints;
  if (o.panelWanted <= 0) return { body: rest, hints, panel: 0 };
  const bodyWanted = o.bodyWanted ?? rest;
  const minBody = o.expanded ? 0 : Math.min(6, Math.floor(rest / 3), bodyWanted);
  const cap = o.expanded ? rest : Math.max(Math.ceil(rest * 0.6), rest - bodyWanted);
  const panel = Math.max(0, Math.min(o.panelWanted, rest - minBody, cap));
  return { body: rest - panel, hints, panel };
}
