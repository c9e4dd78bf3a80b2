/**
 * The text part of a step as lines: the prose (markdown), then the program
 * (numbered and highlighted), the learner's variant of it, or for a task the
 * learner's copy and where it lives, and which file watch mode watches. The
 * reference solution has its own panel (SolutionPanel).
 */
import type { Lesson } from '../../lessons/load.js';
import type { Step } from '../../lessons/schema.js';
import type { Style } from '../../term/style.js';
import { shellLine } from '../../lab/limits.js';
import { highlightC } from '../../term/highlight.js';
import { renderMarkdown } from '../../term/markdown.js';
import { wrap } from '../../term/wrap.js';

export interface BodyInput {
  lesson: Lesson;
  step: Step;
  stepIndex: number;
  width: number;
  st: Style;
  /** A file of c-src/<lesson>/ by name. */
  readSource: (lesson: Lesson, file: string) => string;
  workspace?: { path: string; text: string };
  /** The learner's variant of an experiment's program. */
  tinker?: { path: string; text: string };
  /** The file watch mode watches for this step. */
  watching?: { file: string; ok: boolean } | null;
  /** Kept for callers; the solution is drawn by SolutionPanel. */
  showSolution?: boolean;
}

function watchLine(i: BodyInput): string[] {
  if (!i.watching) return [];
  return wrap(i.watching.ok ? `Watch mode: watching ${i.watching.file}; saving it re-runs the step.` : `Watch mode does not work on this folder: press r after saving ${i.watching.file}.`, i.width).map((l) => i.st.dim(l));
}

export function proseOf(lesson: Lesson, step: Step, stepIndex: number): string | undefined {
  return lesson.prose[step.id] ?? (stepIndex === 0 ? lesson.prose[''] : undefined);
}

/** The built program's file name, as the step's build leaves it. */
function builtName(step: Step & { kind: 'experiment' }): string {
  return step.build?.output ?? (step.program ?? 'prog').replace(/\.[^.]+$/, '');
}

/**
 * The name-resolution files a DNS-lab step writes before each run, with the addresses named as
 * the lesson names them ({dns}, {dead}, ...): what the programs read is evidence too.
 */
export function nameResolutionLines(step: Step, width: number, st: Style): string[] {
  if (step.kind === 'explain' || step.kind === 'quiz' || !step.network) return [];
  const files = (n: { resolvConf?: string; hosts?: string; nsswitch?: string }, who: string): string[] => {
    const out: string[] = [];
    const file = (name: string, text: string | undefined) => {
      if (text === undefined) return;
      out.push(...wrap(`${name}${who}:`, width).map((l) => st.dim(l)));
      // indented as a file listing; a line too long for the screen continues further in, so it still reads as one line
      for (const l of text.trimEnd().split('\n')) out.push(...wrap(l, width - 4).map((w, i) => `${i ? '    ' : '  '}${w}`));
    };
    file('/etc/resolv.conf', n.resolvConf);
    file('/etc/hosts (after localhost)', n.hosts);
    file('/etc/nsswitch.conf (read by glibc only)', n.nsswitch);
    return out;
  };
  const lines = [st.bold('Name resolution in this step'), ...wrap("as the lab writes it before each run; {dns} is the lab's DNS server, {dead} a host that never answers", width).map((l) => st.dim(l)), ...files(step.network, '')];
  if (step.kind === 'experiment') for (const v of step.variants ?? []) if (v.network) lines.push(...files(v.network, `, variant "${v.label}"`));
  return [...lines, ''];
}

/** A stand-in says what it stands for, on the step's own screen; `i` shows what is the same and what differs. */
function standsForLines(step: Step, width: number, st: Style): string[] {
  if ((step.kind !== 'experiment' && step.kind !== 'task') || !step.standsFor) return [];
  return [...wrap(`Stands in for: ${step.standsFor.real} (i: what is the same, what differs, the sources)`, width).map((l) => st.cyan(l)), ''];
}

export function lessonBody(i: BodyInput): string[] {
  const { lesson, step, st, width } = i;
  const lines: string[] = [];
  const prose = proseOf(lesson, step, i.stepIndex);
  if (prose) lines.push(...renderMarkdown(prose, width, st.color, !st.fancy), '');
  if (step.kind === 'experiment') {
    if (step.myth) lines.push(...wrap(`Myth: ${step.myth}`, width).map((l) => st.yellow(l)), '');
    lines.push(...standsForLines(step, width, st));
    lines.push(...nameResolutionLines(step, width, st));
    // another tool's build (go, rustc, node-gyp) is shown as its command line, variables in front
    const build = step.build
      ? shellLine([...Object.entries(step.build.env).map(([k, v]) => `${k}=${v}`), ...step.build.command.flatMap((w) => (w === '{flags}' ? step.flags : [w.replaceAll('{main}', step.program ?? '').replaceAll('{output}', builtName(step))]))])
      : `${step.compiler ?? 'gcc'} -Wall -Wextra${step.flags.length ? ' ' + step.flags.join(' ') : ''}`;
    const where = step.compileIn === 'each' ? `built and run in ${step.runIn.join(' and ')}` : `built in ${step.compileIn}, run in ${step.runIn.join(' and ')}`;
    // as a learner would type it: {program} is the program built from the step's source, quoting kept
    if (step.command) lines.push(...wrap(`Command: ${shellLine(step.command.map((w) => w.replaceAll('{program}', `./${builtName(step)}`)))}`, width).map((l) => st.bold(l)));
    if (step.program && i.tinker) {
      lines.push(st.bold('Your variant') + st.dim(` of c-src/${lesson.id}/${step.program} (a scratch copy; the lesson's program is unchanged; z goes back to it)`));
      lines.push(...wrap(i.tinker.path, width));
      lines.push(...watchLine(i));
      lines.push(...highlightC(i.tinker.text, st));
    } else if (step.program) {
      const head = `Program: c-src/${lesson.id}/${step.program}`;
      // a tool's command line can be long: it gets lines of its own below
      const how = step.build ? `(${where})` : `(${build}; ${where})`;
      // on one line when it fits, else the how on lines of its own: never cut at the screen's edge
      if (head.length + 2 + how.length <= width) lines.push(st.bold(head) + st.dim(`  ${how}`));
      else lines.push(st.bold(head), ...wrap(how, width).map((l) => st.dim(l)));
      if (step.build) lines.push(...wrap(`built with: ${build}`, width).map((l) => st.dim(l)));
      if (!step.analyze) lines.push(st.dim('e: change a copy of it and run your variant'));
      lines.push(...highlightC(i.readSource(lesson, step.program), st, width));
    }
    if (step.ulimits?.stackKiB !== undefined) lines.push(st.dim(`ulimit -s ${step.ulimits.stackKiB}`));
    if (step.args.length) lines.push(st.dim(`arguments: ${step.args.join(' ')}`));
  } else if (step.kind === 'task') {
    lines.push(...standsForLines(step, width, st));
    lines.push(...nameResolutionLines(step, width, st));
    if (i.workspace) {
      lines.push(st.bold('Your copy (edit it with e, or open it in any editor; saving re-runs the step):'));
      lines.push(...wrap(i.workspace.path, width));
      lines.push(...watchLine(i));
      lines.push(...highlightC(i.workspace.text, st, width));
    }
    if (step.flags.length || step.compiler) lines.push(st.dim(`built with ${step.compiler ?? 'gcc'} -Wall -Wextra ${step.flags.join(' ')}`.trimEnd()));
  }
  return lines;
}
