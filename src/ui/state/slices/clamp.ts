/** `n` held between `lo` and `hi`. */
export const clamp = (n: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, n));
