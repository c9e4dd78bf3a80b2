/**
 * Scanning files and folders (scripts, empty files, FIFOs, symlink loops,
 * broken links, duplicates) and the `check` command without --run: output,
 * JSON and exit codes. Files are synthesized, so no compiler is needed.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkBinaryCommand } from '../../src/cli/commands/check-binary.js';
import type { Context } from '../../src/cli/context.js';
import { scanPaths, type ScanEntry } from '../../src/elf/scan.js';
import { LabError } from '../../src/errors.js';
import { makeStyle } from '../../src/term/style.js';
import { synthElf } from './elf-synth.js';

let dir: string;
const p = (...parts: string[]) => path.join(dir, ...parts);

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'musl-lab-scan-'));
  mkdirSync(p('bin', 'sub'), { recursive: true });
  writeFileSync(p('bin', 'glibc-prog'), synthElf({ interpreter: '/lib64/ld-linux-x86-64.so.2', needed: ['libc.so.6'], imports: [{ name: '__printf_chk', version: 'GLIBC_2.3.4' }] }));
  writeFileSync(p('bin', 'musl-prog'), synthElf({ interpreter: '/lib/ld-musl-x86_64.so.1', needed: ['libc.musl-x86_64.so.1'], imports: [{ name: 'puts' }] }));
  writeFileSync(p('bin', 'script'), '#!/bin/sh\necho hi\n');
  writeFileSync(p('bin', 'empty'), '');
  writeFileSync(p('bin', 'notes.txt'), 'just text\n');
  writeFileSync(p('bin', 'truncated'), synthElf({ interpreter: '/lib64/ld-linux-x86-64.so.2' }).subarray(0, 100));
  writeFileSync(p('bin', 'sub', 'static'), synthElf({ type: 2, noDynamic: true }));
  symlinkSync('musl-prog', p('bin', 'link-to-musl'));
  symlinkSync('nowhere', p('bin', 'dangling'));
  symlinkSync('..', p('bin', 'sub', 'loop')); // a folder loop
  execFileSync('mkfifo', [p('bin', 'fifo')]);
  mkdirSync(p('musl-only'));
  writeFileSync(p('musl-only', 'a'), synthElf({ interpreter: '/lib/ld-musl-x86_64.so.1', needed: ['libc.musl-x86_64.so.1'] }));
  writeFileSync(p('musl-only', 'run.sh'), '#!/bin/sh\n');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const byName = (entries: ScanEntry[]) => Object.fromEntries(entries.map((e) => [path.relative(dir, e.path), e]));

describe('scanPaths', () => {
  it('walks a folder: each file analysed, skipped with a reason, or an error; never opens the FIFO; stops at loops', async () => {
    // The loop must end (a hang fails by the test timeout); its speed is measured in bench/check-elf.ts.
    const r = byName(await scanPaths([p('bin')]));
    expect(r['bin/glibc-prog']).toMatchObject({ status: 'analysed', compat: { verdict: 'runs-with-gcompat' } });
    expect(r['bin/musl-prog']).toMatchObject({ status: 'analysed', compat: { verdict: 'runs' } });
    expect(r['bin/sub/static']).toMatchObject({ status: 'analysed', compat: { verdict: 'runs', linkage: 'static' } });
    expect(r['bin/link-to-musl']).toMatchObject({ status: 'analysed', sameAs: p('bin', 'musl-prog') });
    expect(r['bin/script']).toMatchObject({ status: 'skipped', code: 'script', message: expect.stringContaining('#!/bin/sh') });
    expect(r['bin/empty']).toMatchObject({ status: 'skipped', code: 'empty' });
    expect(r['bin/notes.txt']).toMatchObject({ status: 'skipped', code: 'not-elf' });
    expect(r['bin/fifo']).toMatchObject({ status: 'skipped', message: expect.stringMatching(/named pipe/) });
    expect(r['bin/dangling']).toMatchObject({ status: 'skipped', message: expect.stringMatching(/broken symlink/) });
    expect(r['bin/sub/loop']).toMatchObject({ status: 'skipped', message: expect.stringMatching(/already scanned/) });
    expect(r['bin/truncated']).toMatchObject({ status: 'error', code: 'truncated', next: expect.any(String) });
  });

  it('a file named directly that is not ELF is an error, not a skip', async () => {
    const [e] = await scanPaths([p('bin', 'script')]);
    expect(e).toMatchObject({ status: 'error', code: 'script', next: expect.stringMatching(/#!/) });
    const [m] = await scanPaths([p('nope')]);
    expect(m).toMatchObject({ status: 'error', code: 'missing' });
  });

  it('caps the number of files', async () => {
    const r = await scanPaths([p('bin')], { maxFiles: 2 });
    expect(r.filter((e) => e.status === 'error' && /more than 2 files/.test(e.message))).toHaveLength(1);
  });
});

function fakeContext(): Context & { out: () => string } {
  let text = '';
  const out = { write: (s: string) => void (text += s) };
  return {
    env: {},
    stdout: out,
    stderr: { write: () => {} },
    style: makeStyle({ color: false, plain: true }),
    projectRoot: dir,
    engine: () => {
      throw new Error('no engine in unit tests');
    },
    lab: () => {
      throw new Error('no lab in unit tests');
    },
    signal: new AbortController().signal,
    dispose: async () => {},
    out: () => text,
  };
}

describe('checkBinaryCommand (no --run)', () => {
  it('one glibc program: the full report, exit 1', async () => {
    const ctx = fakeContext();
    expect(await checkBinaryCommand(ctx, [p('bin', 'glibc-prog')], {})).toBe(1);
    const text = ctx.out();
    expect(text).toMatch(/interpreter\s+\/lib64\/ld-linux-x86-64\.so\.2 \(glibc\)/);
    expect(text).toMatch(/musl lacks\s+__printf_chk/);
    expect(text).toMatch(/gcompat: yes/);
    expect(text).toMatch(/verdict\s+runs with gcompat/);
    expect(text).toMatch(/apk add gcompat/);
    expect(text).not.toMatch(/\x1b\[/); // no colour when not asked
  });

  it('a musl program: exit 0', async () => {
    expect(await checkBinaryCommand(fakeContext(), [p('bin', 'musl-prog')], {})).toBe(0);
  });

  it('a folder of musl programs and scripts: scripts are skipped, exit 0', async () => {
    const ctx = fakeContext();
    expect(await checkBinaryCommand(ctx, [p('musl-only')], {})).toBe(0);
    expect(ctx.out()).toMatch(/skipped .*run\.sh .*script/);
    expect(ctx.out()).toMatch(/2 files: 1 run as is, 1 skipped/);
  });

  it('a program whose e_phnum is PN_XNUM (the kernel refuses it) is broken: exit 2, not "runs"', async () => {
    const b = Buffer.from(synthElf({ interpreter: '/lib/ld-musl-x86_64.so.1', needed: ['libc.musl-x86_64.so.1'], imports: [{ name: 'puts' }] }));
    b.writeUInt16LE(0xffff, 56);
    writeFileSync(p('xnum'), b);
    const ctx = fakeContext();
    expect(await checkBinaryCommand(ctx, [p('xnum')], {})).toBe(2);
    expect(ctx.out()).toMatch(/PN_XNUM/);
  });

  it('/proc/cpuinfo has size 0 in stat but content on read: a text file, not an empty one', async () => {
    const ctx = fakeContext();
    expect(await checkBinaryCommand(ctx, ['/proc/cpuinfo'], {})).toBe(2);
    expect(ctx.out()).toMatch(/a text file, not an ELF program/);
    expect(ctx.out()).not.toMatch(/empty/);
  });

  it('a broken file or a named script: exit 2, which wins over 1', async () => {
    expect(await checkBinaryCommand(fakeContext(), [p('bin', 'script')], {})).toBe(2);
    expect(await checkBinaryCommand(fakeContext(), [p('bin')], {})).toBe(2);
  });

  it('--json: a versioned shape with a summary and one record per file', async () => {
    const ctx = fakeContext();
    const code = await checkBinaryCommand(ctx, [p('bin')], { json: true });
    const j = JSON.parse(ctx.out());
    expect(j).toMatchObject({ version: 1, exitCode: code, summary: { runs: 3, runsWithGcompat: 1, errors: 1 } });
    const glibc = j.files.find((f: { path: string }) => f.path.endsWith('glibc-prog'));
    expect(glibc).toMatchObject({
      status: 'analysed',
      verdict: 'runs-with-gcompat',
      exitCode: 1,
      elf: { class: 64, machine: 'x86_64', interpreter: '/lib64/ld-linux-x86-64.so.2', needed: ['libc.so.6'] },
      libc: { builtFor: 'glibc' },
      glibc: { highest: 'GLIBC_2.3.4', release: '2.3.4' },
      missing: [{ symbol: '__printf_chk', gcompat: 'yes' }],
      predictions: { musl: { outcome: 'interpreter-missing' }, gcompat: { outcome: 'runs' }, shim: { outcome: 'symbol-missing' } },
      run: null,
    });
    expect(j.files.find((f: { path: string }) => f.path.endsWith('script'))).toMatchObject({ status: 'skipped', code: 'script', exitCode: 0 });
  });

  it('no paths is a usage error', async () => {
    await expect(checkBinaryCommand(fakeContext(), [], {})).rejects.toBeInstanceOf(LabError);
  });

  it('--run with nothing runnable does not start the lab', async () => {
    const ctx = fakeContext();
    writeFileSync(p('lib.so'), synthElf({ needed: ['libc.so.6'], soname: 'lib.so', exports: ['f'] }));
    expect(await checkBinaryCommand(ctx, [p('lib.so')], { run: true })).toBe(0);
    expect(ctx.out()).toMatch(/not run: a shared library is not a program/);
  });
});
