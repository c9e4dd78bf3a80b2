/** Prose word-wrapped to terminal columns (wrap-ansi: styles survive the breaks). Pure. */
import wrapAnsi from 'wrap-ansi';

/** Wrap prose (may be styled) to `width` columns at word boundaries, keeping its line breaks; long words are cut. */
export function wrap(text: string, width: number): string[] {
  return wrapAnsi(text, Math.max(8, width), { hard: true, trim: true }).split('\n');
}
