/**
 * The text part of a step as lines: the prose (markdown), then the program
 * (numbered and highlighted) or, for a task, the learner's copy and where it
 * lives, or the reference solution once it is offered.
 */
import type { Lesson } from '../lessons/load.js';
import type { Step } from '../lessons/schema.js';
import type { Style } from '../util/style.js';
import { highlightC } from './highlight.js';
import { renderMarkdown } from './markdown.js';
import { wrap } from './text.js';

export interface BodyInput {
  lesson: Lesson;
  step: Step;
  stepIndex: number;
  width: number;
  st: Style;
  /** A file of c-src/<lesson>/ by name. */
  readSource: (lesson: Lesson, file: string) => string;
  workspace?: { path: string; text: string };
  showSolution: boolean;
}

export function proseOf(lesson: Lesson, step: Step, stepIndex: number): string | undefined {
  return lesson.prose[step.id] ?? (stepIndex === 0 ? lesson.prose[''] : undefined);
}

export function lessonBody(i: BodyInput): string[] {
  const { lesson, step, st, width } = i;
  const lines: string[] = [];
  const prose = proseOf(lesson, step, i.stepIndex);
  if (prose) lines.push(...renderMarkdown(prose, width, st.color, !st.fancy), '');
  if (step.kind === 'experiment') {
    if (step.myth) lines.push(...wrap(`Myth: ${step.myth}`, width).map((l) => st.yellow(l)), '');
    const build = `gcc -Wall -Wextra${step.flags.length ? ' ' + step.flags.join(' ') : ''}`;
    const where = step.compileIn === 'each' ? `built and run in ${step.runIn.join(' and ')}` : `built in ${step.compileIn}, run in ${step.runIn.join(' and ')}`;
    if (step.command) lines.push(st.bold(`Command: ${step.command.join(' ')}`));
    if (step.program) {
      lines.push(st.bold(`Program: c-src/${lesson.id}/${step.program}`) + st.dim(`  (${build}; ${where})`));
      lines.push(...highlightC(i.readSource(lesson, step.program), st, width));
    }
    if (step.ulimits?.stackKiB !== undefined) lines.push(st.dim(`ulimit -s ${step.ulimits.stackKiB}`));
    if (step.args.length) lines.push(st.dim(`arguments: ${step.args.join(' ')}`));
  } else if (step.kind === 'task') {
    if (i.showSolution) {
      lines.push(st.bold(`Reference solution: c-src/${lesson.id}/${step.solution}`) + st.dim('  (s hides it)'));
      lines.push(...highlightC(i.readSource(lesson, step.solution), st, width));
    } else if (i.workspace) {
      lines.push(st.bold('Your copy (edit it with e, or open it in any editor; saving re-runs the step):'));
      lines.push(...wrap(i.workspace.path, width));
      lines.push(...highlightC(i.workspace.text, st, width));
    }
    if (step.flags.length) lines.push(st.dim(`built with gcc -Wall -Wextra ${step.flags.join(' ')}`));
  }
  return lines;
}
