/** Step and row keys: made and parsed in one place, round-trip whatever the ids hold, and never collide. */
import { describe, expect, it } from 'vitest';
import { inLesson, parseRowKey, parseStepKey, rowKey, stepKey } from '../../src/ui/state/step-key.js';

describe('StepKey', () => {
  it('reads "lesson/step" for the ids the lesson schema allows', () => {
    expect(stepKey('thread-stacks', 'fix')).toBe('thread-stacks/fix');
    expect(parseStepKey('thread-stacks/fix')).toEqual({ lesson: 'thread-stacks', step: 'fix' });
  });

  it('round-trips ids holding the separators and the escape sign, and two steps never share a key', () => {
    const pairs: [string, string][] = [
      ['a/b', 'c'],
      ['a', 'b/c'],
      ['a#b', 'c'],
      ['a', 'b#c'],
      ['a%2Fb', 'c'],
      ['a%', '%'],
      ['', ''],
      ['', '/'],
      ['/', ''],
      ['ü ✓', 'x y'],
    ];
    const keys = pairs.map(([l, s]) => stepKey(l, s));
    expect(new Set(keys).size).toBe(pairs.length);
    pairs.forEach(([lesson, step], i) => expect(parseStepKey(keys[i]!)).toEqual({ lesson, step }));
  });

  it('round-trips ids drawn from an alphabet of separators and escape digits (seeded, the same every run)', () => {
    const alphabet = ['a', '-', '/', '#', '%', '2', 'F', '3'];
    let seed = 25;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const pick = (n: number) => Array.from({ length: n }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
    const seen = new Map<string, string>();
    for (let i = 0; i < 2000; i++) {
      const lesson = pick(Math.floor(random() * 5));
      const step = pick(Math.floor(random() * 5));
      const k = stepKey(lesson, step);
      expect(parseStepKey(k)).toEqual({ lesson, step });
      const was = seen.get(k);
      if (was !== undefined) expect(was).toBe(`${lesson}\u0000${step}`);
      seen.set(k, `${lesson}\u0000${step}`);
    }
  });

  it('parse is total: a string stepKey does not make parses to undefined, never throws', () => {
    for (const bad of ['', 'lesson', 'a/b/c', 'a%zz/b', 'a/b%2', 'a#b/c', 'a/b#c', '%/x']) expect(parseStepKey(bad)).toBeUndefined();
  });

  it('inLesson tells a lesson from one whose id starts the same', () => {
    expect(inLesson(stepKey('dns', 'a'), 'dns')).toBe(true);
    expect(inLesson(stepKey('dns-lab', 'a'), 'dns')).toBe(false);
    expect(inLesson(stepKey('dns/x', 'a'), 'dns')).toBe(false);
  });
});

describe('RowKey', () => {
  it('reads "lesson/step#row" and round-trips a row id with the separators in it', () => {
    const k = stepKey('stacks', 'crash');
    expect(rowKey(k, 'main')).toBe('stacks/crash#main');
    for (const row of ['main', '128 KiB', 'a#b', 'a/b', '%23', '']) expect(parseRowKey(rowKey(k, row))).toEqual({ step: k, row });
    expect(rowKey(k, 'a#b')).not.toBe(rowKey(stepKey('stacks', 'crash#a'), 'b'));
  });

  it('parse is total', () => {
    for (const bad of ['', 'stacks/crash', 'stacks#main', 'a/b#c#d', 'a/b/c#d', 'a/b#%zz']) expect(parseRowKey(bad)).toBeUndefined();
  });
});
