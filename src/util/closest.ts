/** "Did you mean ...?" for a mistyped name (pure). */

/** The name a typo most likely meant: within two edits (a swap counts as one), else none. */
export function closest(word: string, names: string[]): string | undefined {
  const dist = (a: string, b: string) => {
    const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
    for (let i = 1; i <= a.length; i++)
      for (let j = 1; j <= b.length; j++) {
        d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
      }
    return d[a.length]![b.length]!;
  };
  const w = word.toLowerCase();
  const best = names.map((n) => ({ n, d: dist(w, n) })).sort((x, y) => x.d - y.d)[0];
  return best && best.d <= 2 && best.d < w.length ? best.n : undefined;
}
