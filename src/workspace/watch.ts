/**
 * Watch mode: call back when the learner saves a file. Editors save in
 * different ways (write in place, or write a new file and rename it over the
 * old one), so the folder is watched and events are filtered by name and
 * content, then debounced. Where fs.watch does not work, `r` re-runs by hand.
 */
import { watch, readFileSync } from 'node:fs';
import path from 'node:path';

/** Stops watching; `watching` says whether the file is watched at all (false where fs.watch does not work). */
export type Unwatch = (() => void) & { watching?: boolean };
export type Watcher = (file: string, onChange: () => void) => Unwatch;

export function watchFile(file: string, onChange: () => void, debounceMs = 150): Unwatch {
  const dir = path.dirname(file);
  const base = path.basename(file);
  const read = () => {
    try {
      return readFileSync(file, 'utf8');
    } catch {
      return null;
    }
  };
  let last = read();
  let timer: NodeJS.Timeout | undefined;
  let w: ReturnType<typeof watch> | undefined;
  try {
    w = watch(dir, { persistent: false }, (_event, name) => {
      if (name && name.toString() !== base) return;
      clearTimeout(timer);
      timer = setTimeout(() => {
        const now = read();
        if (now === null || now === last) return; // a swap file, a touch, or the file mid-rename
        last = now;
        onChange();
      }, debounceMs);
    });
    w.on('error', () => undefined);
  } catch {
    // no watching here (some mounted drives): `r` re-runs by hand
  }
  return Object.assign(
    () => {
      clearTimeout(timer);
      w?.close();
    },
    { watching: !!w },
  );
}
