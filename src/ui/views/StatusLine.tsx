import type { Style } from '../../term/style.js';
import type { State } from '../state/state.js';
import { Lines } from '../components/Lines.js';
import { wrap } from '../../term/wrap.js';
import { useTheme } from '../components/theme.js';

/** What the lab can do right now: Docker and the images, the editor. */
export function statusText(s: State, st: Style): string {
  const img = s.images;
  const lab =
    img.status === 'checking'
      ? `checking Docker and the lab images${st.sym.ellipsis}`
      : img.status === 'ok'
        ? 'lab ready'
        : img.status === 'missing'
          ? `lab images missing: ${img.missing.join(', ')} (b builds them; lessons can be read meanwhile)`
          : `Docker not reachable: ${img.error.message} ${img.error.next}`;
  const build = s.build?.status === 'running' ? `${st.sym.sep}building images${st.sym.ellipsis}` : '';
  const editor = s.editor ? '' : `${st.sym.sep}no editor set ($VISUAL/$EDITOR or --edit-cmd): edit the shown path anywhere`;
  return lab + build + editor;
}

/** The status as rows of `width` columns, wrapped so its next step ("b builds them") is never cut off. */
export function statusLines(s: State, width: number, st: Style): string[] {
  const bad = s.images.status === 'missing' || s.images.status === 'unreachable';
  return wrap(statusText(s, st), width).map((l) => (bad ? st.yellow(l) : st.dim(l)));
}

export function StatusLine({ state, width }: { state: State; width: number }) {
  return <Lines lines={statusLines(state, width, useTheme())} />;
}
