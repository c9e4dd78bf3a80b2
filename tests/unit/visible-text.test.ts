/**
 * Terminal text: learner output made visible (no raw control characters or
 * escape sequences), laid out verbatim in columns; prose wrapped at words;
 * prose tables fitted to the width; plain mode ASCII only.
 */
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { renderComparison } from '../../src/compare/view.js';
import { analyse, observeRun } from '../../src/elf/compat.js';
import { BufferSource, readElf } from '../../src/elf/reader.js';
import type { ScanEntry } from '../../src/elf/scan.js';
import { checkJson, type FileRun, renderCompact, renderDetailed } from '../../src/elf/view.js';
import type { VerifyReport } from '../../src/lessons/verify.js';
import { renderVerifyText } from '../../src/report/verify-view.js';
import type { Comparison } from '../../src/compare/compare.js';
import { preloadMarkdown, renderMarkdown } from '../../src/term/markdown.js';
import { columnWidths, drawTable } from '../../src/term/table.js';
import { stripVTControlCharacters as stripAnsi } from 'node:util';
import { wrap } from '../../src/term/wrap.js';
import '../../src/term/exact-width.js'; // exact widths, as the tutorial and the trace view load them
import { fit, visibleLength } from '../../src/term/columns.js';
import { makeStyle } from '../../src/term/style.js';
import { outputLines, safeStyled, visibleText } from '../../src/term/visible-text.js';
import { synthElf } from './elf-synth.js';

/** Anything a terminal would act on: C0 controls but newline and tab, DEL, C1 controls. */
const RAW_CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;
const ESC = '\x1b';

describe('visibleText: control characters and escape sequences shown, never sent', () => {
  const attacks: [string, string, string][] = [
    ['OSC 0 (window title)', `${ESC}]0;pwned${'\x07'}`, '\\e]0;pwned\\a'],
    ['OSC 52 (clipboard)', `${ESC}]52;c;cm0gLXJmIH4=${ESC}\\`, '\\e]52;c;cm0gLXJmIH4=\\e\\'],
    ['cursor up and erase line (fake lines)', `${ESC}[1A${ESC}[2K= same outcome`, '\\e[1A\\e[2K= same outcome'],
    ['BEL', 'ding\x07', 'ding\\a'],
    ['CR (overwrites the line)', 'secret\rpublic', 'secret\\rpublic'],
    ['NUL', 'a\0b', 'a\\0b'],
    ['DEL', 'a\x7fb', 'a\\x7fb'],
    ['backspace', 'a\bb', 'a\\bb'],
    ['C1 CSI (U+009B)', 'a\u009b1Ab', 'a\\u009b1Ab'],
    ['C1 NEL (U+0085)', 'a\u0085b', 'a\\u0085b'],
    ['bidi override', 'a\u202eb', 'a\\u202eb'],
    ['other C0', 'a\x01\x1fb', 'a\\x01\\x1fb'],
  ];
  for (const [name, input, shown] of attacks) {
    it(name, () => {
      const out = visibleText(input);
      expect(out).toBe(shown);
      expect(out).not.toMatch(RAW_CONTROL);
    });
  }

  it('keeps newlines, tabs (unless asked), spaces, and non-ASCII text', () => {
    expect(visibleText('a  b\tc\n日本 😀 É')).toBe('a  b\tc\n日本 😀 É');
    expect(visibleText('a\tb', { keepTabs: false })).toBe('a\\tb');
  });

  it('bytes: valid UTF-8 decoded, every invalid byte shown as \\xNN', () => {
    expect(visibleText(new Uint8Array([0xff, 0x00, 0x41, 0xc3]))).toBe('\\xff\\0A\\xc3');
    expect(visibleText(Buffer.from('café 日本\n'))).toBe('café 日本\n');
    expect(visibleText(new Uint8Array([0x63, 0x61, 0x66, 0xe9]))).toBe('caf\\xe9'); // Latin-1 é
    expect(visibleText(new Uint8Array([0xc0, 0x80]))).toBe('\\xc0\\x80'); // overlong NUL
    expect(visibleText(new Uint8Array([0xed, 0xa0, 0x80]))).toBe('\\xed\\xa0\\x80'); // a surrogate
    expect(visibleText(new Uint8Array([0x1b, 0x5b, 0x32, 0x4a]))).toBe('\\e[2J');
  });
});

describe('safeStyled: the last line of defence in drawing', () => {
  it('keeps our colour codes, shows every other escape', () => {
    expect(safeStyled(`${ESC}[1mbold${ESC}[22m ${ESC}]0;x\x07 ${ESC}[2J 日本 \u009b`)).toBe(`${ESC}[1mbold${ESC}[22m \\e]0;x\\a \\e[2J 日本 \\u009b`);
    expect(safeStyled('plain text')).toBe('plain text');
  });
});

describe('outputLines: program output verbatim, in columns, never cut', () => {
  it('keeps runs of spaces', () => {
    expect(outputLines("%'d  -> 1.234.567\n", 80)).toEqual(["%'d  -> 1.234.567"]);
  });

  it('expands tabs to 8-column stops (ldd)', () => {
    const ldd = '\tlinux-vdso.so.1 (0x00007ffd)\n\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f)\nab\tc\n';
    expect(outputLines(ldd, 100)).toEqual(['        linux-vdso.so.1 (0x00007ffd)', '        libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f)', 'ab      c']);
    expect(outputLines('日本\tx', 40)).toEqual(['日本    x']); // a wide character takes two columns before the tab
  });

  it("keeps gcc's caret under its column and readelf's columns aligned", () => {
    const gcc = 'a.c:5:13: warning: unused variable\n    5 |     int unused = 0;\n      |         ^~~~~~\n';
    const [, code, caret] = outputLines(gcc, 80);
    expect(caret!.indexOf('^')).toBe(code!.indexOf('unused'));
    const readelf = '  Type           Offset             VirtAddr\n  INTERP         0x0000000000000318 0x0000000000000318\n';
    const [h, r] = outputLines(readelf, 80);
    expect(r!.indexOf('0x')).toBe(h!.indexOf('Offset'));
  });

  it('hard-wraps a 300-column line at the width, every character kept in order', () => {
    const line = Array.from({ length: 300 }, (_, i) => String.fromCharCode(97 + (i % 26))).join('');
    const rows = outputLines(line, 79);
    expect(rows.map((r) => r.length)).toEqual([79, 79, 79, 63]);
    expect(rows.join('')).toBe(line);
  });

  it('wide characters keep two columns and are never split at the edge', () => {
    const text = 'ab日本語テキスト😀😀x';
    for (const w of [5, 6, 7, 80]) {
      const rows = outputLines(text, w);
      expect(rows.join('')).toBe(text);
      for (const r of rows) expect(stringWidth(r)).toBeLessThanOrEqual(w);
    }
    expect(outputLines('日本語', 5)).toEqual(['日本', '語']);
    // a letter with its accent, a ZWJ family, a flag: one grapheme each, never split across rows
    expect(outputLines('abe\u0301cd', 3)).toEqual(['abe\u0301', 'cd']);
    expect(outputLines('ab👨‍👩‍👧cd', 3)).toEqual(['ab', '👨‍👩‍👧c', 'd']);
    expect(outputLines('a🇫🇷b', 2)).toEqual(['a', '🇫🇷', 'b']);
  });

  it('makes control characters visible, bytes too', () => {
    const rows = outputLines(`ok\n${ESC}[1A${ESC}[2K= same\n`, 80);
    expect(rows).toEqual(['ok', '\\e[1A\\e[2K= same']);
    expect(outputLines(new Uint8Array([0x41, 0xff, 0x0a]), 80)).toEqual(['A\\xff']);
  });

  it('one final newline ends the last line; empty output has no lines', () => {
    expect(outputLines('a\n\n', 10)).toEqual(['a', '']);
    expect(outputLines('', 10)).toEqual([]);
    expect(outputLines('\n', 10)).toEqual(['']);
  });
});

describe('prose and widths', () => {
  it('wrap breaks prose at words, keeps styles, cuts only words longer than the line', () => {
    expect(wrap('aaa bbb ccc', 8)).toEqual(['aaa bbb', 'ccc']);
    const styled = wrap('\x1b[1mbold words\x1b[22m here and there', 12);
    for (const l of styled) expect(visibleLength(l)).toBeLessThanOrEqual(12);
    expect(stripAnsi(styled.join(' '))).toBe('bold words here and there');
    expect(wrap('x'.repeat(20), 8)).toEqual(['xxxxxxxx', 'xxxxxxxx', 'xxxx']);
  });

  it('visibleLength and fit count terminal columns', () => {
    expect(visibleLength('\x1b[31m日本\x1b[39m😀')).toBe(6);
    expect(visibleLength(fit('日本語テキスト', 7))).toBe(7);
    expect(fit('日本語テキスト', 7)).toBe('日本語…');
    expect(fit('abc', 5)).toBe('abc  ');
    expect(stripAnsi(fit('\x1b[31mabcdefghij\x1b[39m', 6, '...'))).toBe('abc...');
  });
});

describe('prose tables', () => {
  it('narrow columns keep their width; wide ones share the rest', () => {
    expect(columnWidths([5, 10], 40)).toEqual([5, 10]);
    expect(columnWidths([5, 60, 60], 45)).toEqual([5, 20, 20]);
  });

  const head = ['situation', 'fix', 'what to watch'];
  const rows = [
    ['You have the source', 'Rebuild on musl (a musl build stage)', 'Fix what does not compile (glibc-only headers such as <execinfo.h>), then test thread stacks, DNS, locales'],
    ['One small tool', 'Static linking', 'No dlopen in a static musl program'],
  ];
  for (const ascii of [false, true]) {
    it(`fit the width, lose no word, ${ascii ? 'ASCII only' : 'box drawing'}`, () => {
      const lines = drawTable(head, rows, 60, ascii);
      for (const l of lines) expect(stringWidth(l)).toBeLessThanOrEqual(60);
      if (ascii) for (const l of lines) expect(l).toMatch(/^[\x20-\x7e]*$/);
      else expect(lines[0]).toMatch(/^┌─/);
      const words = lines.join(' ').replace(/[|+│┌┐└┘├┤┬┴┼─-]/g, ' ').split(/\s+/).filter(Boolean);
      for (const w of [...head, ...rows.flat()].join(' ').replace(/-/g, ' ').split(/\s+/)) expect(words).toContain(w);
    });
  }

  it('markdown tables at 80 columns: within the width, ASCII in plain mode', async () => {
    await preloadMarkdown();
    const md = `Before.\n\n| ${head.join(' | ')} |\n|---|---|---|\n${rows.map((r) => `| ${r.join(' | ')} |`).join('\n')}\n\nAfter.\n`;
    const plain = renderMarkdown(md, 79, false, true);
    for (const l of plain) {
      expect(stringWidth(l)).toBeLessThanOrEqual(79);
      expect(l).toMatch(/^[\x20-\x7e]*$/);
    }
    expect(plain.join('\n')).toContain('<execinfo.h>');
    expect(renderMarkdown(md, 79, false, false).join('\n')).toMatch(/│ situation/);
  });
});

describe('compare text output', () => {
  const side = (env: 'glibc' | 'musl', stdout: string) => ({
    env,
    libc: env === 'glibc' ? 'glibc 2.41' : 'musl 1.2.5',
    compile: { ok: true, exitCode: 0, diagnostics: '', durationMs: 100, timedOut: false, command: ['gcc', 'a.c'] },
    run: { exitCode: 0, signal: null, stdout, stderr: '', timedOut: false, truncated: false, durationMs: 3 },
  });
  const long = Array.from({ length: 300 }, (_, i) => String.fromCharCode(97 + (i % 26))).join('');
  const evil = `${ESC}]0;pwned\x07${ESC}]52;c;aGk=\x07\n${ESC}[1A${ESC}[2K= same outcome\x00\x7f\u009b\r\n`;
  const c = { sides: [side('glibc', `a\tb  c\n${long}\n${evil}`), side('musl', "%'d  -> 1.234.567\n")], differences: ['stdout'] } as unknown as Comparison;

  for (const plain of [false, true]) {
    it(`shows escapes, keeps spaces, wraps long lines in the column (${plain ? 'plain' : 'fancy'})`, () => {
      const text = renderComparison(c, makeStyle({ color: false, plain }), 100);
      expect(text).not.toMatch(RAW_CONTROL);
      expect(text).toContain('\\e]0;pwned\\a');
      expect(text).toContain('\\e[1A\\e[2K= same outcome\\0\\x7f\\u009b\\r');
      expect(text).toContain("%'d  -> 1.234.567");
      expect(text).toMatch(/a {7}b {2}c/);
      const lines = text.split('\n');
      for (const l of lines) expect(stringWidth(l)).toBeLessThanOrEqual(100);
      // the 300-column line is all there, row after row in the left column
      const col = Math.floor((100 - 10 - 2 - 3) / 2);
      for (let i = 0; i < long.length; i += col) expect(text).toContain(long.slice(i, i + col));
      if (plain) for (const l of lines) expect(l).toMatch(/^[\x20-\x7e]*$/);
    });
  }

  it('colour on: the only escapes are its own colours', () => {
    const text = renderComparison(c, makeStyle({ color: true }), 100);
    expect(text.replace(/\x1b\[[0-9;]*m/g, '')).not.toMatch(RAW_CONTROL);
  });
});

describe('check and verify text: what a file names and a program prints is escaped', () => {
  const evilName = `/x/${ESC}]0;pwned\x07${ESC}[2Jprog`;
  it('check: a crafted path, soname and run output arrive as escapes', () => {
    const elf = readElf(new BufferSource(synthElf({ interpreter: '/lib/ld-musl-x86_64.so.1', needed: [`libc.musl-x86_64.so.1`, `lib${ESC}[1Aevil.so`], soname: `s${ESC}]52;c;aGk=\x07` })));
    const e: ScanEntry = { path: evilName, status: 'analysed', elf, compat: analyse(elf) };
    const run: FileRun = { ran: [{ env: 'musl', target: 'musl', observation: observeRun({ exitCode: 0, signal: null, stdout: `${ESC}[1A${ESC}[2Kfake line\n`, stderr: '', timedOut: false }), agreement: 'yes' }] };
    for (const st of [makeStyle({ color: false, plain: true }), makeStyle({ color: true })]) {
      const text = renderDetailed(e, run, st) + renderCompact([e], new Map([[evilName, run]]), st);
      expect(text.replace(/\x1b\[[0-9;]*m/g, '')).not.toMatch(RAW_CONTROL);
      expect(text).toContain('\\e]0;pwned\\a\\e[2Jprog');
      expect(text).toContain('lib\\e[1Aevil.so');
      expect(text).toContain('\\e[1A\\e[2Kfake line');
    }
    // --json keeps the exact names
    expect(JSON.stringify(checkJson({ entries: [e], runs: new Map(), exitCode: 0 }))).toContain(JSON.stringify(evilName).slice(1, -1));
  });

  it('verify: the line a check looked at (else the first line of output) and verdicts are escaped; plain is ASCII', () => {
    const out = { env: 'musl', exitCode: 0, signal: null, stdout: `${ESC}]0;t\x07hello\tworld ${'x'.repeat(80)}\n`, stderr: '', timedOut: false, truncated: false, durationMs: 1 };
    const result = {
      passed: false,
      durationMs: 5,
      variants: [{ id: 'main', passed: false, outcomes: { musl: { env: 'musl', compile: { ok: true }, run: out } }, verdicts: [{ label: 'musl: stdout', field: 'stdout', env: 'musl', ok: false, expected: 'hello', actual: `"${ESC}[2J"`, reason: 'differs' }] }],
    };
    const report = {
      startedAt: '',
      environments: { musl: 'musl 1.2.5' },
      lessons: [{ id: 'l', title: 'L', checks: [{ lesson: 'l', step: 's', title: 'S', kind: 'experiment', myth: 'a myth', passed: false, result }] }],
      summary: { checks: 1, passed: 0, failed: 1, notApplicable: 0, experiments: 1, expectedFailuresShown: 0, fixesShown: 0, durationMs: 5 },
    } as unknown as VerifyReport;
    const text = renderVerifyText(report, makeStyle({ color: false, plain: true }));
    expect(text).not.toMatch(RAW_CONTROL);
    for (const l of text.split('\n')) expect(l).toMatch(/^[\x20-\x7e]*$/);
    expect(text).toContain('musl: exit 0 ""\\e[2J""'); // the summary quotes what the check looked at
    expect(text).toContain('got "\\e[2J"');
    const noCheck = { ...report, lessons: [{ ...report.lessons[0]!, checks: [{ ...report.lessons[0]!.checks[0]!, result: { ...result, variants: [{ ...result.variants[0]!, verdicts: [] }] } }] }] } as unknown as VerifyReport;
    expect(renderVerifyText(noCheck, makeStyle({ color: false, plain: true }))).toContain('"\\e]0;t\\ahello\\tworld'); // no stdout check: the first line
    expect(renderVerifyText(report, makeStyle({ color: false }))).toContain('→ measured');
  });
});
