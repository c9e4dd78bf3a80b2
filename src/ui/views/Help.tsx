import { BINDINGS, showKeys } from '../input/bindings.js';
import { keyGlyphs } from '../../term/key-glyphs.js';
import type { Screen } from '../state/state.js';
import { Lines } from '../components/Lines.js';
import { scrolledLines } from '../../term/scroll.js';
import { wrap } from '../../term/wrap.js';
import { useTheme } from '../components/theme.js';

const TITLES: Record<Screen, string> = { list: 'Lesson list', lesson: 'Lesson', checklist: 'Checklist', help: 'Help', summary: 'Lesson finished' };

/** Every key of every screen, from the same table the key bar uses. */
export function Help({ width, height, scroll, unsaved }: { width: number; height: number; scroll: number; unsaved?: boolean }) {
  const st = useTheme();
  const keys = (k: string[]) => st.bold(keyGlyphs(showKeys(k), st).padEnd(12));
  const lines: string[] = [st.bold('All keys'), ''];
  for (const screen of ['list', 'lesson', 'summary', 'checklist'] as Screen[]) {
    lines.push(st.bold(TITLES[screen]));
    for (const b of BINDINGS.filter((x) => x.screens.includes(screen) && x.help && !x.screens.includes('help') && (screen === 'list' || screen === 'lesson' || !x.screens.includes('lesson')))) {
      lines.push(...wrap(b.help, width - 16).map((l, i) => (i === 0 ? `  ${keys(b.keys)}  ${l}` : `  ${' '.repeat(12)}  ${l}`)));
    }
    lines.push('');
  }
  lines.push(st.bold('Everywhere'));
  for (const b of BINDINGS.filter((x) => x.screens.includes('help') && x.help)) lines.push(...wrap(`${keys(b.keys)}  ${unsaved ? b.help.replace(/ \(progress is saved as you go\)/, ' (progress is NOT being saved: see the red line)') : b.help}`, width - 2).map((l) => `  ${l}`));
  lines.push('', ...wrap(`${unsaved ? 'Progress is NOT being saved: the data folder cannot be written (see the red line).' : 'Progress is saved after every run and answer.'} Nothing moves on by itself: after a pass, go on with ${st.sym.right} when you are ready.`, width));
  return <Lines lines={scrolledLines(lines, height, scroll, st)} height={height} />;
}
