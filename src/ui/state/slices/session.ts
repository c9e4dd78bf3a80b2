/**
 * The session around the lessons: saved progress and whether saving works,
 * the lab images and their build, questions to confirm, notices, warnings,
 * and resetting a lesson (or everything).
 */
import type { Handlers } from '../actions.js';
import type { StepKey } from '../step-key.js';
import { inLesson } from '../step-key.js';

/** Lines of a build's progress kept for the build panel. */
const BUILD_LINES = 8;

export const lab: Handlers<'images' | 'build-start' | 'build-line' | 'build-done' | 'build-error'> = {
  images: (s, a) => ({ ...s, images: a.images }),
  'build-start': (s, a) => ({ ...s, build: { status: 'running', lines: [], ...(a.what ? { what: a.what } : {}) } }),
  'build-line': (s, a) => (s.build ? { ...s, build: { ...s.build, lines: [...s.build.lines, a.text].slice(-BUILD_LINES) } } : s),
  'build-done': (s) => ({ ...s, build: s.build ? { ...s.build, status: 'done' } : null, notice: s.build?.what ? `Built ${s.build.what}.` : 'The lab images are built.' }),
  'build-error': (s, a) => ({ ...s, build: { status: 'error', lines: s.build?.lines ?? [], error: a.error, ...(s.build?.what ? { what: s.build.what } : {}) } }),
};

export const session: Handlers<'progress' | 'unsaved' | 'confirm-ask' | 'confirm-cancel' | 'notice' | 'warning' | 'reset'> = {
  progress: (s, a) => ({ ...s, progress: a.data }),
  unsaved: (s, a) => (s.unsaved === a.text ? s : { ...s, unsaved: a.text }),
  'confirm-ask': (s, a) => ({ ...s, confirm: a.confirm }),
  'confirm-cancel': (s) => ({ ...s, confirm: null }),
  notice: (s, a) => ({ ...s, notice: a.text }),
  warning: (s, a) => ({ ...s, warnings: [...s.warnings, a.text] }),
  reset: (s, a) => {
    // forget this session's runs, hints and answers of the lesson (or of all)
    const keep = <T,>(r: Record<StepKey, T>) => Object.fromEntries(Object.entries(r).filter(([k]) => a.lesson !== undefined && !inLesson(k as StepKey, a.lesson))) as Record<StepKey, T>;
    return { ...s, runs: keep(s.runs), hints: keep(s.hints), solution: keep(s.solution), quiz: keep(s.quiz), confirm: null };
  },
};
