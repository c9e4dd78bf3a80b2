/**
 * What to run for a project: the user's command, or what its build files
 * suggest (configure and make, make, CMake, meson), said plainly. Pure: it
 * reads the names of the project's top-level files and its Makefile's text.
 */

/** Where a step sits in a build: configure, build (split into compile and link when read), test. */
export type StepPhase = 'configure' | 'build' | 'test';
/** The phase a failure is reported in. */
export type Phase = 'configure' | 'compile' | 'link' | 'test' | 'run';

export interface PlanStep {
  phase: StepPhase | 'run';
  /** A POSIX sh command line, run in the project's folder. */
  command: string;
  /**
   * Run with the first of these make targets the Makefile has, as {target} in the command (checked in
   * the environment, after configure made the Makefile); skipped when it has none.
   */
  targets?: string[];
}

export interface Plan {
  /** "make", "configure + make", "cmake", "meson", or "your command". */
  system: string;
  /** Why it was chosen, in a sentence. */
  because: string;
  steps: PlanStep[];
  /** Tools the plan runs: each environment checks it has them before anything runs ("needs cmake", not a false verdict). */
  tools: string[];
}

const hasTarget = (makefile: string | undefined, t: string) => !!makefile && new RegExp(`^${t}\\s*:`, 'm').test(makefile);

/** Test targets in the order people use them. */
const TEST_TARGETS = ['check', 'test'];

export function choosePlan(files: string[], makefile: string | undefined, command: string[] | undefined): Plan {
  if (command?.length) {
    const line = command.length === 1 ? command[0]! : command.map((w) => (/^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`)).join(' ');
    return { system: 'your command', because: 'you gave the command after --', steps: [{ phase: 'run', command: line }], tools: [] };
  }
  const has = (f: string) => files.includes(f);
  if (has('configure')) {
    return {
      system: 'configure + make',
      because: 'the project has a configure script',
      steps: [{ phase: 'configure', command: './configure' }, { phase: 'build', command: 'make' }, { phase: 'test', command: 'make {target}', targets: TEST_TARGETS }],
      tools: ['make'],
    };
  }
  if (has('CMakeLists.txt')) {
    return {
      system: 'cmake',
      because: 'the project has a CMakeLists.txt',
      steps: [{ phase: 'configure', command: 'cmake -S . -B build' }, { phase: 'build', command: 'cmake --build build' }, { phase: 'test', command: 'ctest --test-dir build --output-on-failure' }],
      tools: ['cmake', 'ctest'],
    };
  }
  if (has('meson.build')) {
    return {
      system: 'meson',
      because: 'the project has a meson.build',
      steps: [{ phase: 'configure', command: 'meson setup build' }, { phase: 'build', command: 'meson compile -C build' }, { phase: 'test', command: 'meson test -C build' }],
      tools: ['meson', 'ninja'],
    };
  }
  const mk = ['GNUmakefile', 'makefile', 'Makefile'].find(has);
  if (mk) {
    const test = TEST_TARGETS.find((t) => hasTarget(makefile, t));
    return {
      system: 'make',
      because: `the project has a ${mk}${test ? ` with a "${test}" target` : ' (no check or test target: nothing to test)'}`,
      steps: [{ phase: 'build', command: 'make' }, ...(test ? [{ phase: 'test' as const, command: 'make {target}', targets: [test] }] : [])],
      tools: ['make'],
    };
  }
  return { system: 'none', because: 'no configure, CMakeLists.txt, meson.build or Makefile at the top of the folder', steps: [], tools: [] };
}
