/**
 * The workshop path end to end: three learners export their progress, one
 * file arrives damaged, the instructor merges the room with `musl-lab
 * class`, and the HTML page is opened from a file:// URL in a real headless
 * Chromium (Debian's package, no browser download) with the network cut.
 * A screenshot is kept in test-results/ as an artifact.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { progressCommand } from '../../src/cli/commands/progress.js';
import { createContext } from '../../src/cli/context.js';
import * as rec from '../../src/progress/record.js';
import { emptyProgress, type ProgressData } from '../../src/progress/schema.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = path.join(ROOT, 'test-results');
const AT = '2026-01-01T10:00:00.000Z';
const room = mkdtempSync(path.join(os.tmpdir(), 'musl-lab-room-'));
let browser: Browser | undefined;

/** A learner's progress, written as the tutorial would. */
function learner(steps: (d: ProgressData) => ProgressData): ProgressData {
  return steps(emptyProgress(AT));
}
const ada = learner((d) => {
  d = rec.recordRun(d, 'thread-stacks', 'size-table', 'experiment', true, AT);
  d = rec.recordRun(d, 'thread-stacks', 'fix', 'task', false, AT);
  d = rec.recordRun(d, 'thread-stacks', 'fix', 'task', true, AT);
  d = rec.recordHints(d, 'thread-stacks', 'fix', 1, AT);
  for (const q of ['glibc-ulimit', 'z-stack-size', 'no-crash', 'api']) d = rec.recordAnswer(d, 'thread-stacks', 'check', q, true, ['glibc-ulimit', 'z-stack-size', 'no-crash', 'api'], AT);
  d = rec.addTime(d, 'thread-stacks', 'fix', 6 * 60_000, AT);
  d = { ...d, current: { lesson: 'thread-stacks', step: 'fix' } }; // where the tutorial left her
  return rec.setSelfCheck(d, 'set-stack-size', true, AT);
});
const grace = learner((d) => {
  for (let i = 0; i < 7; i++) d = rec.recordRun(d, 'thread-stacks', 'fix', 'task', false, AT);
  d = rec.recordHints(d, 'thread-stacks', 'fix', 3, AT);
  d = rec.recordSolutionViewed(d, 'thread-stacks', 'fix', AT);
  d = rec.recordAnswer(d, 'thread-stacks', 'check', 'api', false, ['api'], AT);
  d = rec.recordAnswer(d, 'thread-stacks', 'check', 'api', false, ['api'], AT);
  d = rec.recordReveal(d, 'thread-stacks', 'check', 'api', AT);
  d = rec.addTime(d, 'thread-stacks', 'fix', 25 * 60_000, AT);
  return rec.setSelfCheck(d, 'portable-c', true, AT);
});
const linus = learner((d) => rec.recordRun(d, 'what-is-a-libc', 'same-hello', 'experiment', true, AT));

async function exportAs(name: string, data: ProgressData, file: string): Promise<string> {
  const home = path.join(room, `home-${name}`);
  mkdirSync(home, { recursive: true });
  writeFileSync(path.join(home, 'progress.json'), JSON.stringify(data));
  let err = '';
  const ctx = createContext({ env: { MUSL_LAB_HOME: home, NO_COLOR: '1' }, stdout: { write: () => undefined }, stderr: { write: (s) => void (err += s) } });
  expect(await progressCommand(ctx, { export: file, name, now: () => new Date(AT) })).toBe(0);
  return err;
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium package (apt-get install -y chromium); .ci/run does.`);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  rmSync(room, { recursive: true, force: true });
});

/** Elements wider than the window, or tables wider than their box: what a reader would have to scroll sideways for. */
async function overflow(page: import('playwright-core').Page): Promise<string[]> {
  // runs in the page (a string: this file is compiled without the DOM's types)
  return page.evaluate(`(() => {
    const out = [];
    const w = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth > w) out.push('page ' + document.documentElement.scrollWidth + ' > ' + w);
    for (const t of document.querySelectorAll('table')) {
      const box = t.parentElement;
      if (t.scrollWidth > box.clientWidth + 1) out.push('#' + t.id + ' ' + t.scrollWidth + ' > ' + box.clientWidth);
      if (t.getBoundingClientRect().right > w) out.push('#' + t.id + ' right ' + t.getBoundingClientRect().right + ' > ' + w);
    }
    return out;
  })()`);
}

describe('the class report', () => {
  it('three learners export, one file is damaged: the report names it, skips it, and the page works offline in Chromium', async () => {
    const exports = path.join(room, 'exports');
    mkdirSync(exports);
    const said = await exportAs('Ada', ada, path.join(exports, 'ada.json'));
    expect(said).toMatch(/Exported the progress of "Ada"/);
    await exportAs('Grace <script>alert(1)</script>', grace, path.join(exports, 'grace.json'));
    await exportAs('Linus', linus, path.join(exports, 'linus.json'));
    // nothing personal: no paths, no user name of the machine
    const adaText = readFileSync(path.join(exports, 'ada.json'), 'utf8');
    expect(adaText).not.toContain(room);
    expect(adaText).not.toContain(os.userInfo().username === 'root' ? '/root/' : os.userInfo().username);
    // linus's file arrives cut short; a stray foreign file sits next to them
    const whole = readFileSync(path.join(exports, 'linus.json'), 'utf8');
    writeFileSync(path.join(exports, 'linus.json'), whole.slice(0, Math.floor(whole.length / 2)));
    writeFileSync(path.join(exports, 'package.json'), JSON.stringify({ name: 'not-an-export', version: '1.0.0' }));

    const out = path.join(room, 'report');
    const r = execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'class', exports, '--out', out], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    const md = readFileSync(path.join(out, 'class-report.md'), 'utf8');
    expect(r).toBe(md);
    expect(md).toMatch(/\| Ada \| 1 of \d+ \|/);
    expect(md).toMatch(/\| Grace \\<script\\>alert\(1\)\\<\/script\\> \| 0 of \d+ \|/); // Markdown that renders it as text
    expect(md).not.toMatch(/\| Linus \|/);
    // the room got stuck on the thread-stacks task: 9 runs, 4 hints, 1 solution, 1 answer shown
    const stuckRows = md.split('## Where the room got stuck')[1]!.split('\n').filter((l) => l.startsWith('| Thread'));
    // steps by their titles; Grace went on to the quiz without passing the task: passed over
    expect(stuckRows[0]).toMatch(/\| Your turn: [^|]+ \(task\) \| 2 \| 1 \| 1 \| 9 \| 4 \| 0 \| 1 \/ 0 \| 31 min \|/); // Grace's solution: before a pass
    expect(md).toMatch(/ \(quiz\) \| 2 \| 1 \| 0 \| 6 \| 0 \| 1 \| 0 \/ 0 \|/);
    expect(md).toMatch(/^\| item \| Ada \| Grace \\<script\\>alert\(1\)\\<\/script\\> \|$/m); // learners as columns, names as text
    expect(md).toMatch(/- .*linus\.json: not valid JSON/);
    expect(md).toMatch(/- .*package\.json: not a musl-lab progress export/);

    // the page in a real browser, from a file:// URL, with every network request refused
    const html = path.join(out, 'class-report.html');
    const page = await browser!.newPage({ viewport: { width: 1100, height: 800 } });
    const requests: string[] = [];
    page.on('request', (q) => void (q.url().startsWith('file://') || requests.push(q.url())));
    const dialogs: string[] = [];
    page.on('dialog', (d) => (dialogs.push(d.message()), void d.dismiss()));
    await page.route(/^(?!file:)/, (route) => route.abort());
    await page.goto(pathToFileURL(html).href);
    expect(await page.title()).toMatch(/^Class report/);
    // pivoted: learners are the columns, checklist items the rows (short names; the sentences in the legend)
    const learners = await page.$$eval('#checklist thead th[scope=col]', (ths) => ths.map((t) => t.textContent));
    expect(learners).toEqual(['Ada', 'Grace <script>alert(1)</script>']); // the name is text, never markup
    expect(dialogs).toEqual([]);
    const items = await page.$$eval('#checklist tbody th', (ths) => ths.map((t) => t.textContent));
    const legend = await page.$$eval('#legend li', (lis) => lis.map((l) => l.textContent));
    expect(legend.length).toBe(items.length);
    const stack = items.findIndex((t) => /set stack size/.test(t ?? ''));
    expect(stack).toBeGreaterThanOrEqual(0);
    const stackRow = await page.$$eval(`#checklist tbody tr:nth-child(${stack + 1}) td`, (tds) => tds.map((t) => `${t.className}:${t.textContent}`));
    // set-stack-size: thread-stacks is done, fixes-in-review is not started: started by the lessons, ticked by Ada
    expect(stackRow[0]).toBe('in-progress:started ✓');
    // each learner's place: lesson and step titles, never raw ids
    const now = await page.$$eval('#learners tbody tr td:last-child', (tds) => tds.map((t) => t.textContent));
    expect(now[0]).toMatch(/^Thread stacks: Your turn: /);
    const firstStuck = await page.$$eval('#stuck tbody tr:first-child td', (tds) => tds.map((t) => t.textContent));
    expect(firstStuck[0]).toBe('Thread stacks');
    expect(firstStuck[1]).not.toMatch(/^fix \(task\)$/); // the step's title, not its id
    expect(firstStuck[1]).toMatch(/\(task\)$/);
    expect(firstStuck.slice(2, 9)).toEqual(['2', '1', '1', '9', '4', '0', '1 / 0']); // Grace passed over the task (went on to the quiz)
    // Grace's quiz: the answer shown, counted per learner
    const quizCells = await page.$$eval('#quizzes tbody tr td', (tds) => tds.map((t) => t.textContent));
    expect(quizCells.join('|')).toMatch(/1 shown/);
    expect(await page.content()).not.toContain('`'); // no Markdown backticks on the page
    const skipped = await page.$$eval('#skipped li', (lis) => lis.map((l) => l.textContent));
    expect(skipped).toHaveLength(2);
    expect(skipped.join('\n')).toMatch(/linus\.json: not valid JSON/);
    // laid out: the tables are visible and take space
    const box = await page.locator('#checklist').boundingBox();
    expect(box!.width).toBeGreaterThan(200);
    expect(requests).toEqual([]);
    mkdirSync(ARTIFACTS, { recursive: true });
    // at 1000 and 1400 px nothing runs off to the side: not the page, not a table inside its box
    for (const width of [1000, 1400]) {
      await page.setViewportSize({ width, height: 900 });
      expect(await overflow(page)).toEqual([]);
      const shot = path.join(ARTIFACTS, `class-report-${width}.png`);
      await page.screenshot({ path: shot, fullPage: true });
      expect(readFileSync(shot).subarray(1, 4).toString()).toBe('PNG');
    }
    // printed on A4 (portrait): the checklist fits the printable width
    await page.emulateMedia({ media: 'print' });
    await page.setViewportSize({ width: 718, height: 1000 }); // 210 mm - 2 x 12 mm at 96 dpi
    expect(await overflow(page)).toEqual([]);
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
    await page.close();
  }, 120_000);

  it('nothing usable: a clear error, and every bad file named', () => {
    const bad = path.join(room, 'bad');
    mkdirSync(bad);
    writeFileSync(path.join(bad, 'x.json'), '{');
    let err = '';
    try {
      execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'class', bad, path.join(room, 'missing.json'), '--out', path.join(room, 'r2')], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      err = (e as { stderr: string; status: number }).stderr;
      expect((e as { status: number }).status).toBe(2);
    }
    expect(err).toMatch(/skipped .*x\.json: not valid JSON/);
    expect(err).toMatch(/skipped .*missing\.json: no such file or folder/);
    expect(err).toMatch(/error: No learner export found[\s\S]*next: .*musl-lab progress --export/);
    expect(existsSync(path.join(room, 'r2'))).toBe(false);
    expect(readdirSync(bad)).toEqual(['x.json']);
  }, 60_000);
});
