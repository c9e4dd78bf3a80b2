/**
 * On-demand environments (toolchains): a plain `images build` never names them, a lesson step that
 * builds or runs in one asks for it, another tool's build command is filled in as the lesson says,
 * and the build panel says what it builds on first use.
 */
import { describe, expect, it } from 'vitest';
import { ENVIRONMENTS, baseImageArg } from '../../src/lab/environments.js';
import { toolCommand } from '../../src/lab/sandbox.js';
import { ALL_ENV_NAMES, ENV_NAMES, ON_DEMAND_ENV_NAMES, isEnvName, isOnDemand } from '../../src/lab/types.js';
import { onDemandEnvs } from '../../src/lessons/run-step.js';
import { step as stepSchema } from '../../src/lessons/schema.js';
import { emptyProgress } from '../../src/progress/schema.js';
import { initialState, reducer } from '../../src/ui/state/reducer.js';

describe('the environments', () => {
  it('keeps the default list as it was and the on-demand ones apart', () => {
    expect(ENV_NAMES).toEqual(['glibc', 'musl', 'musl-gcompat']);
    expect(ON_DEMAND_ENV_NAMES).toEqual(['toolchains', 'python-musl']);
    expect(ALL_ENV_NAMES).toEqual([...ENV_NAMES, ...ON_DEMAND_ENV_NAMES]);
    for (const e of ENV_NAMES) expect(ENVIRONMENTS[e].onDemand, e).toBeUndefined();
    expect(ENVIRONMENTS.toolchains.onDemand).toBe(true);
    expect(ENVIRONMENTS['python-musl']).toMatchObject({ onDemand: true, libc: 'musl', buildsOn: 'musl' });
    expect(isOnDemand('toolchains')).toBe(true);
    expect(isOnDemand('glibc')).toBe(false);
    expect(isEnvName('toolchains')).toBe(true);
    expect(isEnvName('alpine')).toBe(false);
  });

  it('names the base image argument after the environment built on', () => {
    expect(baseImageArg('musl')).toBe('MUSL_IMAGE');
    expect(baseImageArg('glibc')).toBe('GLIBC_IMAGE');
    expect(ENVIRONMENTS.toolchains.buildsOn).toBe('glibc');
  });
});

describe('another tool as the build', () => {
  it('fills in main, sources, flags and output, and puts the variables in front through env', () => {
    expect(toolCommand('hello', ['hello.go'], [], { command: ['go', 'build', '-o', '{output}', '{main}'], env: { CGO_ENABLED: '0' } })).toEqual(['env', 'CGO_ENABLED=0', 'go', 'build', '-o', 'hello', 'hello.go']);
    expect(toolCommand('hello', ['hello.rs'], ['-C', 'target-feature=+crt-static'], { command: ['rustc', '{flags}', '-o', '{output}', '{main}'] })).toEqual(['rustc', '-C', 'target-feature=+crt-static', '-o', 'hello', 'hello.rs']);
    expect(toolCommand('hello', ['build.sh', 'hello.go'], ['-x'], { command: ['sh', '{main}'] })).toEqual(['sh', 'build.sh', '-x']);
    expect(toolCommand('p', ['-a.go', 'b.go'], [], { command: ['go', 'build', '{sources}'] })).toEqual(['go', 'build', './-a.go', 'b.go']);
  });

  it('refuses a variable name a shell would not take', () => {
    expect(() => toolCommand('p', ['a.go'], [], { command: ['go'], env: { 'A=B': '1' } })).toThrow(/not an environment variable name/);
  });
});

describe('which steps need an on-demand environment', () => {
  const parse = (s: unknown) => stepSchema.parse(s);
  it('is the one a step builds or runs in, never a default one', () => {
    const built = parse({ kind: 'experiment', id: 'go', title: 'Go', program: 'hello.go', compileIn: 'toolchains', runIn: ['musl'], build: { command: ['go', 'build', '-o', '{output}', '{main}'] }, expect: { musl: { exit: 0 } } });
    const ranIn = parse({ kind: 'experiment', id: 'py', title: 'Py', command: ['python3', '-V'], runIn: ['toolchains'], expect: { toolchains: { exit: 0 } } });
    const plain = parse({ kind: 'experiment', id: 'c', title: 'C', program: 'a.c', compileIn: 'glibc', runIn: ['glibc', 'musl'], expect: { musl: { exit: 0 } } });
    expect(onDemandEnvs([plain])).toEqual([]);
    expect(onDemandEnvs([built])).toEqual(['toolchains']);
    expect(onDemandEnvs([plain, built, ranIn])).toEqual(['toolchains']);
  });
});

describe('the build panel on first use', () => {
  it('says what it builds, and names it when done or failed', () => {
    const course = { index: { lessons: [], checklist: [] }, lessons: [], missing: [] } as never;
    let s = reducer(initialState({ course, progress: emptyProgress(), size: { cols: 80, rows: 24 }, plain: false, workspaceDir: '/ws', editor: 'vi' }), { type: 'build-start', what: 'the toolchains environment (first use)' });
    expect(s.build).toMatchObject({ status: 'running', what: 'the toolchains environment (first use)' });
    s = reducer(s, { type: 'build-done' });
    expect(s.notice).toBe('Built the toolchains environment (first use).');
    s = reducer(s, { type: 'build-start' });
    expect(s.build?.what).toBeUndefined();
    s = reducer(s, { type: 'build-error', error: { message: 'no', next: 'again' } });
    expect(s.build).toMatchObject({ status: 'error', lines: [] });
  });
});
