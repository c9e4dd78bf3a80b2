/**
 * Program output is bytes. It is shown as text, but a byte that is not part
 * of valid UTF-8 must stay visible and distinct (0xff and 0xfe are different
 * outcomes), so such bytes read "\xNN" instead of collapsing into U+FFFD.
 */

/** Length of the valid UTF-8 sequence starting at i, or 0 when the byte there starts none. */
function seqLength(b: Buffer, i: number): number {
  const c = b[i]!;
  if (c < 0x80) return 1;
  let n: number;
  let min: number;
  if (c >= 0xc2 && c <= 0xdf) (n = 2), (min = 0x80);
  else if (c >= 0xe0 && c <= 0xef) (n = 3), (min = 0x800);
  else if (c >= 0xf0 && c <= 0xf4) (n = 4), (min = 0x10000);
  else return 0;
  if (i + n > b.length) return 0;
  let cp = c & (0xff >> (n + 1));
  for (let k = 1; k < n; k++) {
    const x = b[i + k]!;
    if ((x & 0xc0) !== 0x80) return 0;
    cp = (cp << 6) | (x & 0x3f);
  }
  if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return 0;
  return n;
}

/** Decode bytes as UTF-8; invalid bytes become "\xNN". `exact` tells whether the text is the bytes. */
export function decodeOutput(b: Buffer): { text: string; exact: boolean } {
  let exact = true;
  let out = '';
  let start = 0;
  for (let i = 0; i < b.length; ) {
    const n = seqLength(b, i);
    if (n) {
      i += n;
      continue;
    }
    exact = false;
    out += b.toString('utf8', start, i) + `\\x${b[i]!.toString(16).padStart(2, '0')}`;
    i += 1;
    start = i;
  }
  if (exact) return { text: b.toString('utf8'), exact };
  return { text: out + b.toString('utf8', start), exact };
}
