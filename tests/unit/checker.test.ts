/** The checker is pure: expectations + outcomes in, verdicts out. Table-driven, no Docker. */
import { describe, expect, it } from 'vitest';
import { check, NOT_BUILT_WHY, NOT_MEASURED_WHY, passed, readMetric, type EnvOutcome } from '../../src/check/checker.js';
import { matchText, tolerant } from '../../src/check/text.js';
import { checkAnswer } from '../../src/check/quiz.js';
import type { EnvName } from '../../src/lab/types.js';
import { expectations, type Expectations } from '../../src/lessons/schema.js';

function outcome(env: EnvName, run: Partial<{ exitCode: number; signal: string | null; stdout: string; stderr: string; timedOut: boolean; durationMs: number }> | null, compileOk = true, diagnostics = ''): EnvOutcome {
  return {
    env,
    compile: { ok: compileOk, exitCode: compileOk ? 0 : 1, diagnostics },
    run: run === null ? undefined : { env, exitCode: 0, signal: null, stdout: '', stderr: '', timedOut: false, truncated: false, durationMs: 1, ...run },
  };
}
const exp = (e: unknown): Expectations => expectations.parse(e);

describe('check: per-environment expectations', () => {
  const segv = outcome('musl', { exitCode: 139, signal: 'SIGSEGV', stdout: 'before\n' });
  const ok = outcome('glibc', { exitCode: 0, stdout: 'hello\n' });
  it.each([
    ['exit matches', { glibc: { exit: 0 } }, true],
    ['exit differs', { glibc: { exit: 1 } }, false],
    ['signal matches', { musl: { signal: 'SIGSEGV' } }, true],
    ['signal expected, normal exit', { glibc: { signal: 'SIGSEGV' } }, false],
    ['exit 0 expected, but crashed', { musl: { exit: 0 } }, false],
    ['stdout exact, whitespace tolerant', { glibc: { stdout: 'hello  \n\n' } }, true],
    ['stdout exact mismatch', { glibc: { stdout: 'Hello' } }, false],
    ['stdout contains', { musl: { stdout: { contains: 'bef' } } }, true],
    ['stdout pattern', { musl: { stdout: { pattern: '^before$' } } }, true],
    ['stdout notContains violated', { musl: { stdout: { notContains: 'before' } } }, false],
    ['timedOut expected but finished', { glibc: { timedOut: true } }, false],
  ])('%s', (_name, e, want) => {
    const v = check(exp(e), { glibc: ok, musl: segv });
    expect(passed(v)).toBe(want);
  });

  it('a compile failure fails every run expectation with the reason, and shows the error line', () => {
    const v = check(exp({ musl: { exit: 0 } }), { musl: outcome('musl', null, false, "x.c:1:10: fatal error: execinfo.h: No such file or directory") });
    expect(passed(v)).toBe(false);
    const compiled = v.find((x) => x.label === 'musl: compiled')!;
    expect(compiled.actual).toMatch(/execinfo\.h: No such file/);
    expect(v.find((x) => x.label === 'musl: ran')!.reason).toMatch(/did not compile/);
  });

  it("a compile error is explained as one, not by a block's whyNot about the run; a block that names compiled keeps its own", () => {
    const failed = outcome('musl', null, false, 'x.c:3:1: error: expected declaration');
    const aboutRun = check(exp({ musl: { exit: 0, whyNot: 'The walk must still finish.' } }), { musl: failed });
    expect(aboutRun.filter((x) => !x.ok).map((x) => [x.label, x.why])).toEqual([
      ['musl: compiled', NOT_BUILT_WHY],
      ['musl: ran', NOT_BUILT_WHY],
    ]);
    const aboutCompiling = check(exp({ musl: { compiled: true, exit: 0, whyNot: 'musl has no <execinfo.h>.' } }), { musl: failed });
    expect(aboutCompiling.find((x) => x.label === 'musl: compiled')!.why).toBe('musl has no <execinfo.h>.');
    // a run that went wrong still gets the block's whyNot
    const ran = check(exp({ musl: { exit: 0, whyNot: 'The walk must still finish.' } }), { musl: segv });
    expect(ran.find((x) => x.label === 'musl: exit')!.why).toBe('The walk must still finish.');
  });

  it('an expected compile failure with a diagnostic passes', () => {
    const v = check(exp({ musl: { compiled: false, diagnostic: 'execinfo\\.h: No such file' } }), { musl: outcome('musl', null, false, 'fatal error: execinfo.h: No such file or directory') });
    expect(v.map((x) => [x.label, x.ok])).toEqual([['musl: compiled', true], ['musl: diagnostic', true]]);
  });

  it('a missing environment is a failed verdict, not a crash', () => {
    const v = check(exp({ 'musl-gcompat': { exit: 0 } }), { glibc: ok });
    expect(v).toEqual([expect.objectContaining({ label: 'musl-gcompat: ran', ok: false })]);
  });

  it('carries expected, actual, reason, and the why that fits the outcome (whyNot when it fails)', () => {
    const e = exp({ musl: { exit: 0, why: 'a large stack was asked for', whyNot: 'the worker overflowed musl\'s 128 KiB stack' } });
    const [failed] = check(e, { musl: segv }).filter((x) => x.label === 'musl: exit');
    expect(failed).toMatchObject({ ok: false, expected: 'exit 0', actual: 'SIGSEGV (exit 139)', reason: 'another exit status', why: 'the worker overflowed musl\'s 128 KiB stack' });
    const [held] = check(e, { musl: outcome('musl', { exitCode: 0 }) }).filter((x) => x.label === 'musl: exit');
    expect(held).toMatchObject({ ok: true, why: 'a large stack was asked for' });
  });

  it('never shows a relation\'s why when the relation fails (a half-fix that still sorts differently)', () => {
    const e = exp({ relations: [{ same: 'stdout', between: ['glibc', 'musl'], why: 'both libraries sort alike' }] });
    const [v] = check(e, { glibc: outcome('glibc', { stdout: 'apple\nBanana\n' }), musl: outcome('musl', { stdout: 'Banana\napple\n' }) });
    expect(v!.ok).toBe(false);
    expect(v!.why).toBeUndefined();
  });

  it('a check line names what it looked at: the matching line, and what the compile did', () => {
    const out = outcome('glibc', { stdout: 'Elf file type is DYN\n  [Requesting program interpreter: /lib64/ld-linux-x86-64.so.2]\nmore\n' }, true, 'x.c:3:5: warning: unused variable');
    const v = check(exp({ glibc: { compiled: true, stdout: { contains: 'Requesting program interpreter' } } }), { glibc: out });
    expect(v.find((x) => x.label === 'glibc: stdout')!.actual).toBe('  [Requesting program interpreter: /lib64/ld-linux-x86-64.so.2]');
    expect(v.find((x) => x.label === 'glibc: compiled')!.actual).toBe('compiled (gcc exit 0, 1 warning)');
    const miss = check(exp({ glibc: { stdout: { pattern: 'ld-musl' } } }), { glibc: out })[1]!;
    expect(miss.actual).toMatch(/^no line matches \(3 lines/);
  });

  it('no expectations is not a pass', () => {
    expect(passed(check(exp({}), {}))).toBe(false);
  });
});

describe('check: relations between environments', () => {
  const g = outcome('glibc', { stdout: 'apple\nBanana\n', durationMs: 2000 });
  const m = outcome('musl', { stdout: 'Banana\napple\n', durationMs: 5 });
  it.each([
    ['differs on stdout', { differs: 'stdout', between: ['glibc', 'musl'] }, true],
    ['same on stdout', { same: 'stdout', between: ['glibc', 'musl'] }, false],
    ['same exit', { same: 'exit', between: ['glibc', 'musl'] }, true],
    ['glibc 100x slower by wall time', { slower: 'glibc', faster: 'musl', atLeast: 100 }, true],
    ['glibc 1000x slower is too much to claim', { slower: 'glibc', faster: 'musl', atLeast: 1000 }, false],
  ])('%s', (_n, rel, want) => {
    expect(passed(check(exp({ relations: [rel] }), { glibc: g, musl: m }))).toBe(want);
  });

  it('reads a metric from stdout', () => {
    const a = outcome('glibc', { stdout: 'lookup total_ms=2001.5\n' });
    const b = outcome('musl', { stdout: 'lookup total_ms=1.2\n' });
    expect(readMetric(a, { stdout: 'total_ms=([0-9.]+)' })).toBe(2001.5);
    const v = check(exp({ relations: [{ slower: 'glibc', faster: 'musl', atLeast: 10, metric: { stdout: 'total_ms=([0-9.]+)' } }] }), { glibc: a, musl: b });
    expect(v[0]).toMatchObject({ ok: true, actual: '2001.5 vs 1.2 (x1667.9)' });
  });

  it.each([
    ['inside the range', 0.5, 3, true, ''],
    ['above it', 0.5, 1.5, false, 'the difference is larger than expected'],
    ['below it', 2.5, 4, false, 'the difference is smaller than expected'],
  ])('a ratio with atMost is a range: %s', (_n, atLeast, atMost, ok, reason) => {
    // musl 260 ms, glibc 130 ms: a ratio of 2
    const rel = { slower: 'musl', faster: 'glibc', atLeast, atMost, metric: { stdout: 'median_ms=([0-9.]+)' } };
    const [v] = check(exp({ relations: [rel] }), { glibc: outcome('glibc', { stdout: 'median_ms=130\n' }), musl: outcome('musl', { stdout: 'median_ms=260\n' }) });
    expect(v).toMatchObject({ ok, reason, label: `musl takes ${atLeast}x to ${atMost}x glibc's time`, expected: `ratio ${atLeast} to ${atMost}`, actual: '260 vs 130 (x2.0)' });
  });

  it('atMost below atLeast is rejected by the schema', () => {
    expect(() => exp({ relations: [{ slower: 'musl', faster: 'glibc', atLeast: 3, atMost: 2 }] })).toThrow(/atMost must be at least atLeast/);
  });

  it('a tiny ratio keeps its digits (a timeout against a millisecond)', () => {
    const [v] = check(exp({ relations: [{ slower: 'musl', faster: 'glibc', atLeast: 0.0001 }] }), { glibc: outcome('glibc', { durationMs: 1000 }), musl: outcome('musl', { durationMs: 2 }) });
    expect(v!.actual).toBe('2 ms vs 1000 ms (x0.002)');
    expect(v!.label).toBe("musl takes at least 0.0001x glibc's time");
  });

  it('a relation over an environment that did not run fails clearly', () => {
    const v = check(exp({ relations: [{ differs: 'stdout', between: ['glibc', 'musl'] }] }), { glibc: g });
    expect(v[0]).toMatchObject({ ok: false, actual: 'not run in both' });
  });

  it('lab paths do not count as a difference', () => {
    const a = outcome('glibc', { stderr: 'sh: /lab/r3/prog: not found' });
    const b = outcome('musl', { stderr: 'sh: /lab/r9/prog: not found' });
    expect(passed(check(exp({ relations: [{ same: 'stderr', between: ['glibc', 'musl'] }] }), { glibc: a, musl: b }))).toBe(true);
  });
});

describe('text matching', () => {
  it('tolerant ignores CRLF, trailing spaces and blank edges, not inner differences', () => {
    expect(tolerant('\n a  \r\nb\t\n\n')).toBe(' a\nb');
    expect(matchText('a b', 'a  b')).not.toBeNull();
    expect(matchText({ exact: 'x\n', whitespace: 'strict' }, 'x')).not.toBeNull();
  });
  it('every contains entry must be present', () => {
    expect(matchText({ contains: ['a', 'z'], whitespace: 'tolerant' }, 'abc')).toBe('does not contain "z"');
  });
});

describe('quiz answers', () => {
  const q = { id: 'q', prompt: 'p', choices: ['a', 'b', 'c'], answer: 1, explanation: 'because' };
  it.each([[1, true], ['2', true], ['b', true], ['B', true], ['1', false], [0, false], ['zzz', false]])('choice answer %s -> %s', (a, ok) => {
    expect(checkAnswer(q, a as string | number).ok).toBe(ok);
  });
  it('short answers match the pattern case-insensitively', () => {
    const s = { id: 's', prompt: 'p', accept: 'loader|ld-musl', explanation: 'x' };
    expect(checkAnswer(s, '  The LOADER ').ok).toBe(true);
    expect(checkAnswer(s, 'glibc').ok).toBe(false);
  });
});

describe('a starter\'s failure must come with its own explanation', () => {
  it('names the failed checks that lack a whyNot', async () => {
    const { unexplainedFailures } = await import('../../src/lessons/verify.js');
    const outcomes = { glibc: outcome('glibc', { stdout: 'b a\n' }), musl: outcome('musl', { stdout: 'a b\n' }) };
    const bare = exp({ relations: [{ same: 'stdout', between: ['glibc', 'musl'], why: 'both sort alike' }] });
    const told = exp({ relations: [{ same: 'stdout', between: ['glibc', 'musl'], why: 'both sort alike', whyNot: 'the order still comes from the library' }] });
    const result = (e: ReturnType<typeof exp>) => ({ lesson: 'l', step: 's', title: 't', which: 'starter' as const, passed: false, durationMs: 1, variants: [{ id: 'main', outcomes, verdicts: check(e, outcomes), passed: false }] });
    expect(unexplainedFailures(result(bare))).toEqual(['glibc vs musl: stdout same']);
    expect(unexplainedFailures(result(told))).toEqual([]);
  });
});

describe('verdicts say what they checked as a typed field, not only in their display label', () => {
  it('per environment, queries and relations each carry their field', () => {
    const v = check(exp({ glibc: { exit: 0, stdout: 'hello' }, relations: [{ same: 'exit', between: ['glibc', 'musl'] }] }), { glibc: outcome('glibc', { stdout: 'hello\n' }), musl: outcome('musl', {}) });
    expect(v.map((x) => x.field)).toEqual(['compiled', 'exit', 'stdout', 'relation']);
  });
});

describe('a whyNot explains only the failure it was written for', () => {
  const walk = { exit: 0, stdout: 'walked 1000 levels', whyNot: 'The walk must still finish with the same checksum.' };
  it('a compile error the block only implies gets the words of what happened, not the run\'s whyNot', () => {
    const v = check(exp({ glibc: walk }), { glibc: outcome('glibc', null, false, "w.c:3:1: error: expected ';'") });
    expect(v.map((x) => [x.label, x.ok])).toEqual([['glibc: compiled', false], ['glibc: ran', false]]);
    for (const x of v) expect(x.why).toBe(NOT_BUILT_WHY);
  });
  it('a block that states compiled: true keeps its whyNot for the compile (it was written for it)', () => {
    const e = exp({ musl: { compiled: true, exit: 0, whyNot: 'musl has no <error.h>: report the error with fprintf and exit.' } });
    const v = check(e, { musl: outcome('musl', null, false, 'fatal error: error.h: No such file or directory') });
    expect(v.find((x) => x.field === 'compiled')!.why).toMatch(/error\.h/);
  });
  it('the run\'s checks still get the whyNot when the program built and ran', () => {
    const v = check(exp({ glibc: walk }), { glibc: outcome('glibc', { stdout: 'walked 999 levels\n' }) });
    expect(v.find((x) => x.field === 'stdout')).toMatchObject({ ok: false, why: walk.whyNot });
    expect(v.find((x) => x.field === 'compiled')).toMatchObject({ ok: true, why: undefined });
  });
  it('a timing relation with nothing to compare does not claim the ratio was too small', () => {
    const rel = { slower: 'musl', faster: 'musl', atLeast: 5, metric: { stdout: 'reference_ms=([0-9.]+)' }, fasterMetric: { stdout: 'yours_ms=([0-9.]+)' }, whyNot: 'the loop still calls malloc for every record' };
    const crashed = outcome('musl', { exitCode: 139, signal: 'SIGSEGV', stdout: 'reference_ms=40\n' });
    const [v] = check(exp({ relations: [rel] }), { musl: crashed });
    expect(v).toMatchObject({ ok: false, actual: 'no measurement', why: NOT_MEASURED_WHY });
    const [slow] = check(exp({ relations: [rel] }), { musl: outcome('musl', { stdout: 'reference_ms=40\nyours_ms=20\n' }) });
    expect(slow).toMatchObject({ ok: false, why: rel.whyNot });
  });
  it('a failed check always comes with an explanation, a passed one never with a whyNot', () => {
    const cases = [outcome('glibc', null, false, 'error: x'), outcome('glibc', { exitCode: 1 }), outcome('glibc', { stdout: 'walked 1000 levels\n' })];
    for (const o of cases) for (const x of check(exp({ glibc: walk }), { glibc: o })) {
      if (x.ok) expect(x.why).not.toBe(walk.whyNot);
      else expect(x.why).toBeTruthy();
    }
  });
});

describe("the shipped tasks: a compile error never gets the run's whyNot", () => {
  it('no task block that only implies a compile shows its whyNot for a learner\'s compile error (thread-stacks: "the walk must still finish")', async () => {
    const path = await import('node:path');
    const { loadCourse } = await import('../../src/lessons/load.js');
    const course = loadCourse(path.join(import.meta.dirname, '..', '..'));
    const broken = (env: EnvName) => outcome(env, null, false, "worker.c:12:5: error: expected ';' before '}' token");
    let blocks = 0;
    for (const lesson of course.lessons)
      for (const s of lesson.steps) {
        if (s.kind !== 'task') continue;
        for (const env of ['glibc', 'musl'] as const) {
          const e = s.expect[env];
          if (!e?.whyNot || e.compiled !== undefined) continue;
          blocks++;
          const v = check({ [env]: e, relations: [] }, { [env]: broken(env) });
          expect(v.filter((x) => !x.ok).map((x) => x.why), `${lesson.id}/${s.id} ${env}`).toEqual([NOT_BUILT_WHY, NOT_BUILT_WHY]);
        }
      }
    expect(blocks).toBeGreaterThan(5); // thread-stacks, debug-a-crash, crashloop, libc-speed ... have such blocks
  });
});
