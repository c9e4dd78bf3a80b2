/** Turning Ink's (input, key) pair into one name: "up", "enter", "pagedown", "?", "e". Pure. */
import type { Key } from 'ink';

export function keyName(input: string, key: Partial<Key>): string | null {
  if (key.upArrow) return 'up';
  if (key.downArrow) return 'down';
  if (key.leftArrow) return 'left';
  if (key.rightArrow) return 'right';
  if (key.pageUp) return 'pageup';
  if (key.pageDown) return 'pagedown';
  if (key.return) return 'enter';
  if (key.escape) return 'escape';
  if (key.tab) return key.shift ? 'shift-tab' : 'tab';
  if (key.backspace || key.delete) return 'backspace';
  if (key.ctrl && input === 'c') return 'ctrl-c';
  if (key.ctrl) return null;
  if (input === ' ') return 'space';
  if (input.length === 1) return input;
  return null;
}

const CHAR_NAMES: Record<string, string> = { '\r': 'enter', '\n': 'enter', '\t': 'tab', '\x7f': 'backspace', '\b': 'backspace', ' ': 'space', '\x1b': 'escape', '\x03': 'ctrl-c' };

/**
 * Key names for one chunk of input. Keys typed faster than a frame (or sent
 * by a script) arrive as one string, "jj\r": each character is a key.
 */
export function keyNames(input: string, key: Partial<Key>): string[] {
  const chars = [...input];
  if (chars.length <= 1 || key.ctrl || key.meta) {
    const one = keyName(input, key);
    return one ? [one] : [];
  }
  return chars.map((c) => CHAR_NAMES[c] ?? c).filter((c) => c.length === 1 || Object.values(CHAR_NAMES).includes(c));
}
