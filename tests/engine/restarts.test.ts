/**
 * A crash loop against the real engine and images: a step with `restarts`
 * starts a failed program again (a new process each time) after a doubling
 * back-off, leaves a program that succeeds alone, and restarts a binary
 * moved from glibc to musl through the same path it first ran by.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Lesson } from '../../src/lessons/load.js';
import { runStep } from '../../src/lessons/run-step.js';
import { experimentStep } from '../../src/lessons/schema.js';
import { FIXTURES, realLab } from '../helpers/lab.js';

const { lab } = realLab();
afterAll(() => lab.dispose());

const lesson: Lesson = { formatVersion: 1, id: 'fixtures', title: 'fixtures', summary: 'fixtures', checklist: ['x'], steps: [], dir: FIXTURES, srcDir: FIXTURES, prose: {} };
const step = (s: Record<string, unknown>) => experimentStep.parse({ kind: 'experiment', id: 'loop', title: 'loop', ...s });
const pidOf = (stdout: string | undefined) => Number(/^pid (\d+)$/m.exec(stdout ?? '')?.[1]);

describe('restarts', () => {
  it('starts a failing program again, count times, each a new process, at once, then after doubling waits; the checks read the first run', async () => {
    const waits: number[] = [];
    const s = step({ program: 'exits-3-with-its-pid.c', runIn: ['musl'], restarts: { count: 3, backoffMs: 20 }, expect: { musl: { exit: 3, stderr: 'giving up' } } });
    const r = await runStep(lab, lesson, s, { which: 'experiment', sleep: async (ms) => void waits.push(ms) });
    const out = r.variants[0]!.outcomes.musl!;
    expect(r.passed).toBe(true);
    expect(out.run?.exitCode).toBe(3);
    expect(out.restarts?.map((x) => [x.n, x.of, x.kubeletBackoffS, x.waitedMs, x.run.exitCode, x.run.stderr])).toEqual([
      [1, 3, 0, 0, 3, 'giving up\n'],
      [2, 3, 10, 20, 3, 'giving up\n'],
      [3, 3, 20, 40, 3, 'giving up\n'],
    ]);
    expect(waits).toEqual([0, 20, 40]);
    // each restart really ran: four starts, four processes
    const pids = [out.run, ...out.restarts!.map((x) => x.run)].map((run) => pidOf(run?.stdout));
    expect(pids.every((p) => p > 0)).toBe(true);
    expect(new Set(pids).size).toBe(4);
  });

  it('leaves a program that succeeds alone: no restarts, no waits', async () => {
    const waits: number[] = [];
    const s = step({ program: 'prints-ok.c', restarts: { count: 3, backoffMs: 20 }, expect: { glibc: { exit: 0 }, musl: { exit: 0 } } });
    const r = await runStep(lab, lesson, s, { which: 'experiment', sleep: async (ms) => void waits.push(ms) });
    expect(r.passed).toBe(true);
    expect(r.variants[0]!.outcomes.glibc?.restarts).toEqual([]);
    expect(r.variants[0]!.outcomes.musl?.restarts).toEqual([]);
    expect(waits).toEqual([]);
  });

  it('restarts a glibc-built binary on musl the way it first ran: exit 127 each time, with the real timer', async () => {
    const s = step({ program: 'prints-ok.c', compileIn: 'glibc', runIn: ['glibc', 'musl'], restarts: { count: 2, backoffMs: 5 }, expect: { glibc: { exit: 0 }, musl: { exit: 127 } } });
    const r = await runStep(lab, lesson, s, { which: 'experiment' });
    const v = r.variants[0]!;
    expect(r.passed).toBe(true);
    expect(v.outcomes.glibc?.restarts).toEqual([]);
    expect(v.outcomes.musl?.restarts?.map((x) => x.run.exitCode)).toEqual([127, 127]);
    expect(v.outcomes.musl?.restarts?.every((x) => /not found/.test(x.run.stderr))).toBe(true);
    // the same file started again, as a kubelet restarts the same image (moved into musl once)
    const first = v.outcomes.musl?.run?.command?.[0];
    expect(first).toMatch(/prints-ok$/);
    expect(v.outcomes.musl?.restarts?.map((x) => x.run.command?.[0])).toEqual([first, first]);
  });

  it('runs a step without restarts once and reports none', async () => {
    const r = await runStep(lab, lesson, step({ program: 'exits-3-with-its-pid.c', runIn: ['glibc'], expect: { glibc: { exit: 3 } } }), { which: 'experiment' });
    expect(r.variants[0]!.outcomes.glibc?.restarts).toBeUndefined();
  });
});
