/**
 * The run panel names the root cause when a run fails differently on musl:
 * the cause, its evidence, the fix and the lesson that teaches it (from the
 * catalogue), and says nothing when the run passed or the cause is unknown.
 */
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import type { EnvOutcome } from '../../src/check/checker.js';
import type { EnvName } from '../../src/lab/types.js';
import type { RunnableStep, StepResult } from '../../src/lessons/run-step.js';
import { experimentStep } from '../../src/lessons/schema.js';
import { RunPanel } from '../../src/ui/views/RunPanel.js';
import type { RunState } from '../../src/ui/state/state.js';
import { ThemeContext } from '../../src/ui/components/theme.js';
import { makeStyle } from '../../src/term/style.js';

const step = experimentStep.parse({ kind: 'experiment', id: 'strip', title: 'Strip a path', program: 'strip.c', expect: { glibc: { exit: 0 }, musl: { exit: 0 } } }) as RunnableStep;

const ran = (env: EnvName, stdout: string): EnvOutcome => ({ env, compile: { ok: true, exitCode: 0, diagnostics: '' }, run: { env, exitCode: 0, signal: null, stdout, stderr: '', timedOut: false, truncated: false, durationMs: 3 } });
const DIAG = "strip.c:7:20: error: implicit declaration of function 'basename'; did you mean 'rename'? [-Wimplicit-function-declaration]\n    7 |   printf(\"[%s]\\n\", basename(path));\n      |                    ^~~~~~~~";
const failedOnMusl: EnvOutcome = { env: 'musl', compile: { ok: false, exitCode: 1, diagnostics: DIAG } };

const resultOf = (musl: EnvOutcome, passed: boolean, lesson = 'build-for-musl'): StepResult => ({
  lesson,
  step: 'strip',
  title: 'Strip a path',
  which: 'workspace',
  passed,
  durationMs: 700,
  variants: [{ id: 'default', outcomes: { glibc: ran('glibc', '[]\n'), musl }, verdicts: [{ label: 'musl exit', field: passed ? 'exit' : 'compiled', ok: passed, expected: 'compiles', actual: passed ? 'exit 0' : 'compile failed', reason: passed ? '' : 'it did not compile' }], passed }],
});

const frame = (result: StepResult, width = 100) => {
  const st = makeStyle({ color: false, plain: false });
  const run: RunState = { status: 'done', trigger: 'key', envs: {}, result };
  const r = render(
    <ThemeContext.Provider value={st}>
      <RunPanel run={run} step={step} width={width} height={40} expanded={false} scroll={0} />
    </ThemeContext.Provider>,
  );
  const text = r.lastFrame() ?? '';
  r.unmount();
  return text;
};

describe('the run panel names the root cause of a musl-only failure', () => {
  it('a compile failure on musl only: cause, evidence, fix and the lesson that teaches it', () => {
    const text = frame(resultOf(failedOnMusl, false));
    expect(text).toMatch(/cause on musl: basename \(GNU basename and POSIX basename\)/);
    expect(text).toMatch(/evidence: strip\.c:7:20: error: implicit declaration of function 'basename'/);
    expect(text).toMatch(/fix: Include <libgen\.h>/);
    expect(text).toMatch(/taught in: portability-traps, step basename \(l: the lesson list\)/);
  });

  it('inside the lesson that teaches it, it says so instead of sending the learner away', () => {
    const text = frame({ ...resultOf(failedOnMusl, false, 'portability-traps'), step: 'basename' });
    expect(text).toMatch(/taught in: this step/);
    expect(text).not.toMatch(/l: the lesson list/);
  });

  it('a passing run, or a difference no entry explains, shows no cause', () => {
    expect(frame(resultOf(failedOnMusl, true))).not.toMatch(/cause on/);
    expect(frame(resultOf(ran('musl', '[lib]\n'), false))).not.toMatch(/cause on/);
  });

  it('fits a narrow panel: no line wider than the width', () => {
    const text = frame(resultOf(failedOnMusl, false), 60);
    for (const l of text.split('\n')) expect([...l].length).toBeLessThanOrEqual(60);
  });
});
