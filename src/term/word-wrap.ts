/**
 * The lab's own ASCII words folded at spaces to `width` characters; lines after the first start
 * with `indent`. Measured in characters, without the Unicode width tables, so the light paths
 * (compare) can use it: anything wider than ASCII is left for the terminal to wrap.
 */
export function wordWrap(text: string, width: number, indent = ''): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const next = line ? `${line} ${word}` : word;
    if (line && next.length > width) (out.push(line), (line = `${indent}${word}`));
    else line = next;
  }
  return line ? [...out, line] : out;
}
