/**
 * A line diff for showing the reference solution against the learner's file
 * (pure): the longest common subsequence of lines, then runs of kept,
 * removed (yours) and added (solution) lines. Programs here are short, so the
 * quadratic table is small; past a size limit the whole solution is shown.
 */
export type DiffLine = { op: ' ' | '-' | '+'; text: string };

const MAX_CELLS = 4_000_000;

export function lineDiff(a: string, b: string): DiffLine[] | null {
  const x = a.replace(/\n$/, '').split('\n');
  const y = b.replace(/\n$/, '').split('\n');
  if ((x.length + 1) * (y.length + 1) > MAX_CELLS) return null;
  const w = y.length + 1;
  const lcs = new Uint32Array((x.length + 1) * w);
  for (let i = x.length - 1; i >= 0; i--)
    for (let j = y.length - 1; j >= 0; j--) lcs[i * w + j] = x[i] === y[j] ? lcs[(i + 1) * w + j + 1]! + 1 : Math.max(lcs[(i + 1) * w + j]!, lcs[i * w + j + 1]!);
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < x.length && j < y.length) {
    if (x[i] === y[j]) {
      out.push({ op: ' ', text: x[i]! });
      i++;
      j++;
    } else if (lcs[(i + 1) * w + j]! >= lcs[i * w + j + 1]!) out.push({ op: '-', text: x[i++]! });
    else out.push({ op: '+', text: y[j++]! });
  }
  while (i < x.length) out.push({ op: '-', text: x[i++]! });
  while (j < y.length) out.push({ op: '+', text: y[j++]! });
  return out;
}
