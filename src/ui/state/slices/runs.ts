/**
 * Runs of a step (by step key) and the panel that shows them: its rows,
 * scroll and folding; the panels that take its place ("why did it crash?",
 * the trace, the sources).
 */
import type { Phase } from '../../../lab/types.js';
import type { Handlers } from '../actions.js';
import type { EnvProgress } from '../state.js';
import { clamp } from './clamp.js';

type RunAction = 'run-start' | 'run-env' | 'run-done' | 'run-row' | 'run-cancelled' | 'run-error' | 'output-toggle' | 'output-row' | 'output-scroll';
type PanelAction = 'why-start' | 'trace-done' | 'why-done' | 'why-error' | 'why-close' | 'sources-toggle';

/** Every environment of a run starts queued, as the lab names it. */
const QUEUED: Phase = 'queued';

export const runs: Handlers<RunAction> = {
  'run-start': (s, a) => {
    const envs: Record<string, EnvProgress> = Object.fromEntries(a.envs.map((e) => [e, { phase: QUEUED }]));
    // a run shows itself: f's prose-only view and the sources panel of its step make way
    return { ...s, proseOnly: false, runs: { ...s.runs, [a.key]: { status: 'running', trigger: a.trigger, envs, ...(a.tinker ? { tinker: true } : {}) } }, output: { ...s.output, scroll: 0, row: undefined, expanded: s.sources === a.key ? false : s.output.expanded }, solution: s.solution[a.key] ? { ...s.solution, [a.key]: false } : s.solution, notice: null, sources: s.sources === a.key ? undefined : s.sources };
  },
  'run-env': (s, a) => {
    const r = s.runs[a.key];
    if (!r || r.status !== 'running') return s;
    const prev = r.envs[a.env] ?? { phase: QUEUED };
    return { ...s, runs: { ...s.runs, [a.key]: { ...r, envs: { ...r.envs, [a.env]: { phase: a.phase, since: a.at ?? prev.since, outcome: a.outcome ?? prev.outcome } } } } };
  },
  'run-done': (s, a) => {
    const r = s.runs[a.key];
    const envs = Object.fromEntries(Object.entries(r?.envs ?? {}).map(([e, v]) => [e, { ...v, phase: 'done' as const }]));
    return { ...s, runs: { ...s.runs, [a.key]: { status: 'done', trigger: r?.trigger ?? 'key', envs, result: a.result, ...(r?.tinker ? { tinker: true } : {}) } } };
  },
  'run-row': (s, a) => {
    const r = s.runs[a.key];
    return r?.status === 'running' ? { ...s, runs: { ...s.runs, [a.key]: { ...r, row: { index: a.index, of: a.of } } } } : s;
  },
  'run-cancelled': (s, a) => {
    const r = s.runs[a.key];
    // the lab's word that the programs are gone: only for the cancelled run still on screen (r may have started another)
    if (a.stopped) return r?.status === 'cancelled' && r.stopping ? { ...s, runs: { ...s.runs, [a.key]: { ...r, stopping: false } } } : s;
    return r ? { ...s, runs: { ...s.runs, [a.key]: { status: 'cancelled', stopping: true, trigger: r.trigger, envs: {}, ...(r.tinker ? { tinker: true } : {}) } } } : s;
  },
  'run-error': (s, a) => {
    const r = s.runs[a.key];
    return { ...s, runs: { ...s.runs, [a.key]: { status: 'error', trigger: r?.trigger ?? 'key', envs: r?.envs ?? {}, error: a.error, ...(r?.tinker ? { tinker: true } : {}) } } };
  },
  'output-toggle': (s) => ({ ...s, output: { ...s.output, expanded: !s.output.expanded, scroll: 0 } }),
  'output-row': (s, a) => ({ ...s, output: { ...s.output, scroll: 0, row: a.rows ? clamp(a.from + a.delta, 0, a.rows - 1) : 0 } }),
  'output-scroll': (s, a) => ({ ...s, output: { ...s.output, scroll: Math.max(0, s.output.scroll + a.delta) } }),
};

export const panels: Handlers<PanelAction> = {
  // "why did it crash?": opened expanded, so the arrows scroll it
  'why-start': (s, a) => ({ ...s, why: { key: a.key, kind: a.kind ?? 'why', status: 'running', explanations: [] }, output: { ...s.output, expanded: true, scroll: 0 } }),
  'trace-done': (s, a) => (s.why?.key === a.key && s.why.kind === 'trace' ? { ...s, why: { ...s.why, status: 'done', trace: { sides: a.sides, saved: a.saved } } } : s),
  'why-done': (s, a) => (s.why?.key === a.key && s.why.kind === 'why' ? { ...s, why: { ...s.why, status: 'done', explanations: a.explanations } } : s),
  'why-error': (s, a) => (s.why?.key === a.key ? { ...s, why: { ...s.why, status: 'error', error: a.error } } : s),
  'why-close': (s) => ({ ...s, why: undefined, output: { ...s.output, expanded: false, scroll: 0 } }),
  // the sources panel opens expanded, so the arrows scroll it; a step move closes it
  'sources-toggle': (s, a) => (s.sources === a.key ? { ...s, sources: undefined, output: { ...s.output, expanded: false, scroll: 0 } } : { ...s, sources: a.key, output: { ...s.output, expanded: true, scroll: 0 } }),
};
