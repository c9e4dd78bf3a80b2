import type { State } from './state.js';
import { Lines } from './Lines.js';
import { useTheme } from './theme.js';

/** What the lab can do right now: Docker and the images, the editor. */
export function statusText(s: State): string {
  const img = s.images;
  const lab =
    img.status === 'checking'
      ? 'checking Docker and the lab images…'
      : img.status === 'ok'
        ? 'lab ready'
        : img.status === 'missing'
          ? `lab images missing: ${img.missing.join(', ')} (b builds them; lessons can be read meanwhile)`
          : `Docker not reachable: ${img.error.message} ${img.error.next}`;
  const build = s.build?.status === 'running' ? ' · building images…' : '';
  const editor = s.editor ? '' : ' · no editor set ($VISUAL/$EDITOR or --edit-cmd): edit the shown path anywhere';
  return lab + build + editor;
}

export function StatusLine({ state, width }: { state: State; width: number }) {
  const st = useTheme();
  const text = statusText(state);
  const bad = state.images.status === 'missing' || state.images.status === 'unreachable';
  return <Lines lines={[bad ? st.yellow(text) : st.dim(text)].map((l) => l.slice(0, width * 4))} />;
}
