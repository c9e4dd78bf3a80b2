/** Rendering of check results: pure data in, text out, in colour, plain and JSON. */
import { describe, expect, it } from 'vitest';
import { analyse, observeRun } from '../../src/elf/compat.js';
import { BufferSource, readElf } from '../../src/elf/reader.js';
import type { ScanEntry } from '../../src/elf/scan.js';
import { checkJson, type FileRun, renderCheck, renderCompact, renderDetailed, summarize } from '../../src/elf/view.js';
import { makeStyle } from '../../src/term/style.js';
import { synthElf, type SynthOptions } from './elf-synth.js';

const plain = makeStyle({ color: false, plain: true });
const color = makeStyle({ color: true });

function entry(path: string, o: SynthOptions): ScanEntry {
  const elf = readElf(new BufferSource(synthElf(o)));
  return { path, status: 'analysed', elf, compat: analyse(elf) };
}
const fortified = entry('/x/fortified', { interpreter: '/lib64/ld-linux-x86-64.so.2', needed: ['libc.so.6'], imports: [{ name: '__printf_chk', version: 'GLIBC_2.3.4' }, { name: 'pthread_create', version: 'GLIBC_2.34' }] });
const musl = entry('/x/musl', { interpreter: '/lib/ld-musl-x86_64.so.1', needed: ['libc.musl-x86_64.so.1'] });
const i386 = entry('/x/old', { elfClass: 32, machine: 3, interpreter: '/lib/ld-linux.so.2' });
const skipped: ScanEntry = { path: '/x/run.sh', status: 'skipped', code: 'script', message: 'a script (#!/bin/sh), not an ELF program.' };
const broken: ScanEntry = { path: '/x/broken', status: 'error', code: 'truncated', message: 'only 20 bytes: too short.', next: 'Copy it again.' };

describe('the detailed report', () => {
  it('plain: labels, predictions per setting, verdict, reasons and fixes, no escape codes or symbols', () => {
    const text = renderDetailed(fortified, undefined, plain);
    expect(text).not.toMatch(/\x1b\[|[✓✗•]/);
    for (const line of [/^\/x\/fortified$/m, /file\s+ELF64 little-endian x86_64/, /musl lacks\s+__printf_chk/, /musl alone\s+does not start/, /with gcompat\s+runs/, /with libc6-compat\s+symbol not found: __printf_chk/, /verdict\s+runs with gcompat/, /changes\s+- thread stacks/]) {
      expect(text).toMatch(line);
    }
    expect(text).toMatch(/-Wl,-z,stack-size=1048576/);
  });

  it('colour: verdict in colour, with symbols', () => {
    const text = renderDetailed(fortified, undefined, color);
    expect(text).toMatch(/\x1b\[33m/); // yellow: runs with gcompat
    expect(text).toContain('✗ ');
  });

  it('what --run saw sits under the prediction it checks', () => {
    const run: FileRun = {
      ran: [
        { env: 'musl', target: 'musl', observation: observeRun({ exitCode: 127, signal: null, stderr: 'sh: /lab/x1/fortified: not found', timedOut: false }), agreement: 'yes' },
        { env: 'musl-gcompat', target: 'shim', observation: observeRun({ exitCode: 127, signal: null, stderr: 'Error relocating /lab/x2/fortified: __printf_chk: symbol not found', timedOut: false }), agreement: 'yes' },
      ],
    };
    const text = renderDetailed(fortified, run, plain, 'shim');
    expect(text).toMatch(/musl alone[\s\S]*observed in the lab's musl environment: not found \(exit 127\)\s+as predicted/);
    expect(text).toMatch(/with libc6-compat[\s\S]*observed in the lab's musl-gcompat environment: symbol not found: __printf_chk/);
  });

  it('skipped and broken files say why, and what to do', () => {
    expect(renderDetailed(skipped, undefined, plain)).toMatch(/skipped\s+a script/);
    expect(renderDetailed(broken, undefined, plain)).toMatch(/error\s+only 20 bytes[\s\S]*next\s+Copy it again/);
    expect(renderDetailed(i386, undefined, plain)).toMatch(/verdict\s+cannot be judged[\s\S]*i386/);
  });
});

describe('many files', () => {
  const all = [fortified, musl, i386, skipped, broken];
  it('one line each, then a summary', () => {
    const text = renderCompact(all, new Map(), plain);
    expect(text.trimEnd().split('\n')).toHaveLength(5);
    expect(text).toMatch(/runs with gcompat\s+glibc\s+\/x\/fortified .*1 symbol from gcompat; changes: thread-stack/);
    expect(text).toMatch(/runs on musl as is\s+musl\s+\/x\/musl/);
    expect(summarize(all)).toEqual({ files: 5, runs: 1, runsWithGcompat: 1, needsRebuild: 0, unsupported: 1, skipped: 1, errors: 1 });
    expect(renderCheck({ entries: all, runs: new Map(), exitCode: 2 }, plain)).toMatch(/5 files: 1 run as is, 1 with gcompat, 1 not judged .*, 1 skipped \(not ELF\), 1 could not be checked/);
  });

  it('JSON keeps every file, with its exit code', () => {
    const j = checkJson({ entries: all, runs: new Map(), exitCode: 2 }) as { files: { path: string; exitCode: number; status: string }[] };
    expect(j.files.map((f) => [f.path, f.status, f.exitCode])).toEqual([
      ['/x/fortified', 'analysed', 1],
      ['/x/musl', 'analysed', 0],
      ['/x/old', 'analysed', 2],
      ['/x/run.sh', 'skipped', 0],
      ['/x/broken', 'error', 2],
    ]);
    expect(JSON.parse(JSON.stringify(j))).toEqual(j); // plain data only
  });
});
