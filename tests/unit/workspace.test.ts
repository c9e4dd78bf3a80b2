/** The learner's workspace: copies of starters, resets with backups, watch mode, the editor command. */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Lesson } from '../../src/lessons/load.js';
import { editorCommand, shellQuote } from '../../src/workspace/editor.js';
import { watchFile } from '../../src/workspace/watch.js';
import { Workspace } from '../../src/workspace/workspace.js';

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'musl-lab-ws-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function fixture() {
  const root = tmp();
  const srcDir = path.join(root, 'c-src', 'les');
  mkdirSync(srcDir, { recursive: true });
  writeFileSync(path.join(srcDir, 'starter.c'), 'int main(void) { return 1; }\n');
  const lesson = { id: 'les', srcDir, steps: [{ id: 'fix', kind: 'task', starter: 'starter.c' }, { id: 'intro', kind: 'explain' }] } as unknown as Lesson;
  const ws = new Workspace({ dir: path.join(root, 'data', 'workspace'), now: () => new Date('2025-01-02T03:04:05.000Z') });
  return { root, srcDir, lesson, ws, step: { starter: 'starter.c' } };
}

describe('workspace', () => {
  it('copies the starter once per lesson; c-src is never touched', () => {
    const { ws, lesson, step, srcDir } = fixture();
    const file = ws.ensure(lesson, step);
    expect(file).toMatch(/data\/workspace\/les\/starter\.c$/);
    writeFileSync(file, 'edited');
    expect(ws.ensure(lesson, step)).toBe(file);
    expect(readFileSync(file, 'utf8')).toBe('edited');
    expect(ws.source(lesson, step).content.toString()).toBe('edited');
    expect(readFileSync(path.join(srcDir, 'starter.c'), 'utf8')).toMatch(/return 1/);
  });

  it('reset keeps the old file as .bak-<timestamp> and puts the starter back', () => {
    const { ws, lesson, step } = fixture();
    const file = ws.ensure(lesson, step);
    writeFileSync(file, 'my work');
    const backups = ws.resetLesson(lesson);
    expect(backups).toEqual([`${file}.bak-2025-01-02T03-04-05-000Z`]);
    expect(readFileSync(backups[0]!, 'utf8')).toBe('my work');
    expect(readFileSync(file, 'utf8')).toMatch(/return 1/);
  });

  it('reset everything also backs up folders of lessons no longer in the course', () => {
    const { ws, lesson, step } = fixture();
    ws.ensure(lesson, step);
    mkdirSync(path.join(ws.dir, 'old-lesson'));
    writeFileSync(path.join(ws.dir, 'old-lesson', 'x.c'), 'old');
    const backups = ws.resetAll([lesson]);
    expect(backups).toHaveLength(2);
    expect(readdirSync(path.join(ws.dir, 'old-lesson'))).toEqual(['x.c.bak-2025-01-02T03-04-05-000Z']);
  });
});

describe('watch mode', () => {
  it('a save in place and a save by rename each call back once (debounced); a touch without change does not', async () => {
    const dir = tmp();
    const file = path.join(dir, 'a.c');
    writeFileSync(file, 'v1');
    let calls = 0;
    let notify: () => void = () => undefined;
    const next = () => new Promise<void>((r) => (notify = r));
    const stop = watchFile(file, () => {
      calls++;
      notify();
    }, 30);
    try {
      let p = next();
      writeFileSync(file, 'v2');
      writeFileSync(file, 'v2 again');
      await p;
      expect(calls).toBe(1);
      p = next();
      writeFileSync(path.join(dir, '.a.c.swp'), 'v3');
      renameSync(path.join(dir, '.a.c.swp'), file);
      await p;
      expect(calls).toBe(2);
      writeFileSync(file, 'v3');
      p = next();
      writeFileSync(file, 'v4');
      await p;
      expect(calls).toBe(3);
    } finally {
      stop();
    }
  });
});

describe('editor', () => {
  it('--edit-cmd, then $VISUAL, then $EDITOR', () => {
    expect(editorCommand({ VISUAL: 'vis', EDITOR: 'ed' }, 'code --wait')).toBe('code --wait');
    expect(editorCommand({ VISUAL: 'vis', EDITOR: 'ed' })).toBe('vis');
    expect(editorCommand({ EDITOR: 'ed' })).toBe('ed');
    expect(editorCommand({ EDITOR: '  ' })).toBeUndefined();
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
  });
});
