import { keyBarLines } from './layout.js';
import { Lines } from '../components/Lines.js';
import { useTheme } from '../components/theme.js';

/** The keys that work now, always on screen. */
export function KeyBar({ keys, width }: { keys: { keys: string; label: string }[]; width: number }) {
  const st = useTheme();
  return <Lines lines={keyBarLines(keys, width, st)} />;
}
