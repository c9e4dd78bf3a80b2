/** Matching program output against a lesson's TextMatch (pure). */
import type { TextMatch } from './expectations.js';

/** Whitespace-tolerant form: CRLF, trailing spaces and blank lines at the ends do not count. */
export function tolerant(s: string): string {
  return s
    .replace(/\r\n/g, '\n')
    .split('\n')
    .map((l) => l.replace(/[ \t]+$/, ''))
    .join('\n')
    .replace(/^\n+|\n+$/g, '');
}

const list = (x: string | string[] | undefined) => (x === undefined ? [] : Array.isArray(x) ? x : [x]);

/** null when it matches, else the reason it does not. */
export function matchText(m: TextMatch, actual: string): string | null {
  const spec = typeof m === 'string' ? { exact: m, whitespace: 'tolerant' as const } : m;
  const norm = spec.whitespace === 'strict' ? (s: string) => s : tolerant;
  const a = norm(actual);
  if (spec.exact !== undefined && a !== norm(spec.exact)) return 'differs from the expected text';
  for (const c of list(spec.contains)) if (!a.includes(norm(c))) return `does not contain ${JSON.stringify(c)}`;
  for (const c of list(spec.notContains)) if (a.includes(norm(c))) return `contains ${JSON.stringify(c)}`;
  if (spec.pattern !== undefined && !new RegExp(spec.pattern, 'm').test(a)) return `does not match /${spec.pattern}/`;
  return null;
}

/** The expectation in words, for the "expected" column. */
export function describeMatch(m: TextMatch): string {
  if (typeof m === 'string') return JSON.stringify(m);
  const parts: string[] = [];
  if (m.exact !== undefined) parts.push(JSON.stringify(m.exact));
  for (const c of list(m.contains)) parts.push(`contains ${JSON.stringify(c)}`);
  for (const c of list(m.notContains)) parts.push(`lacks ${JSON.stringify(c)}`);
  if (m.pattern !== undefined) parts.push(`matches /${m.pattern}/`);
  return parts.join(', ');
}
