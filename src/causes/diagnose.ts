/**
 * Which known root cause explains a difference: the catalogue's signals
 * tested on what was seen (gcc's diagnostics, the loader's words, the
 * output, a crash explanation, a trace, the source). Pure. A cause is named
 * only when one of its signals matched, with the line that matched; with
 * none, the answer is "unclassified", never a guess.
 */
import type { Catalogue } from './load.js';
import type { CauseEntry, Channel, LessonRef, Signal } from './schema.js';

/** One thing seen in one environment. */
export interface Observation {
  env: string;
  in: Channel;
  text: string;
  /** For source: the file's name, so evidence reads file:line. */
  file?: string;
  /** For source: how the program fared in this environment (source signals explain one kind of difference). */
  outcome?: 'compile-failed' | 'crashed' | 'differs';
}

function whenHolds(when: Signal['when'], o: Observation): boolean {
  if (o.in !== 'source') return true;
  if (when === 'compile') return o.outcome === 'compile-failed';
  if (when === 'crash') return o.outcome === 'crashed';
  return o.outcome === 'differs' || o.outcome === 'crashed';
}

export interface Diagnosis {
  /** A catalogue id ("basename", ..., "unclassified"). */
  class: string;
  title: string;
  /** The environment where the evidence showed; null for unclassified. */
  env: string | null;
  /** Where the evidence was read. */
  in: Channel | null;
  /** The line that matched (a diagnostic with the source line it points at, file:line for source). */
  evidence: string | null;
  /** What that evidence means. */
  means: string | null;
  fix: string;
  alternatives: { text: string; package?: string }[];
  /** The first lesson step that teaches it, or null. */
  lesson: LessonRef | null;
  sources: string[];
}

/** A piece of text a pattern is tested on, and the line to quote when it matches. */
interface Unit {
  text: string;
  quote: (matchIndex: number) => string;
}

const DIAG_CONTEXT = /^\s+(?:\d+\s*)?\|/;

/** gcc's output as diagnostics: a message line with the source excerpt under it (`  5 | code`, `    |  ^~~`). */
function diagnostics(text: string): Unit[] {
  const groups: string[][] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    if (DIAG_CONTEXT.test(line) && groups.length) groups.at(-1)!.push(line);
    else groups.push([line]);
  }
  return groups.map((g) => {
    const text = g.join('\n');
    return {
      text,
      quote: (i) => {
        const head = g[0]!.trim();
        // the match is in the excerpt: quote the message and the source line it points at
        if (i <= g[0]!.length) return head;
        const at = text.slice(0, i).split('\n').length - 1;
        const code = g[at]!.replace(DIAG_CONTEXT, '').trim();
        return code ? `${head} [${code}]` : head;
      },
    };
  });
}

function lines(text: string): Unit[] {
  return text.split('\n').filter((l) => l.trim()).map((l) => ({ text: l, quote: () => l.trim() }));
}

/**
 * C source with comments blanked (line breaks kept, so line numbers stay
 * right): a comment that says "getopt() stops here" is not a call.
 */
export function stripComments(src: string): string {
  let out = '';
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    const n = src[i + 1];
    if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < src.length && src[j] !== c && src[j] !== '\n') j += src[j] === '\\' ? 2 : 1;
      out += src.slice(i, j + 1);
      i = j + 1;
    } else if (c === '/' && n === '/') {
      while (i < src.length && src[i] !== '\n') i++;
    } else if (c === '/' && n === '*') {
      const end = src.indexOf('*/', i + 2);
      const stop = end < 0 ? src.length : end + 2;
      out += src.slice(i, stop).replace(/[^\n]/g, ' ');
      i = stop;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

function sourceUnits(o: Observation, multiline: boolean): Unit[] {
  const text = stripComments(o.text);
  const raw = o.text.split('\n');
  const at = (line: number) => `${o.file ?? 'source'}:${line + 1}: ${raw[line]!.trim()}`;
  if (multiline) return [{ text, quote: (i) => at(text.slice(0, i).split('\n').length - 1) }];
  return text.split('\n').flatMap((l, n) => (l.trim() ? [{ text: l, quote: () => at(n) }] : []));
}

function units(o: Observation, multiline: boolean): Unit[] {
  if (o.in === 'source') return sourceUnits(o, multiline);
  if (multiline) return [{ text: o.text, quote: (i) => o.text.slice(o.text.lastIndexOf('\n', i) + 1).split('\n')[0]!.trim() }];
  return o.in === 'compiler' ? diagnostics(o.text) : lines(o.text);
}

/** musl covers musl-gcompat: same C library, a shim beside it. */
export function envMatches(signalEnv: Signal['env'], env: string): boolean {
  return signalEnv === 'any' || env === signalEnv || env.startsWith(`${signalEnv}-`);
}

function hit(e: CauseEntry, s: Signal, o: Observation, evidence: string): Diagnosis {
  return {
    class: e.id,
    title: e.title,
    env: o.env,
    in: o.in,
    evidence,
    means: s.means,
    fix: e.fix.change,
    alternatives: e.fix.alternatives,
    lesson: e.lessons[0] ?? null,
    sources: e.sources,
  };
}

/** The unclassified answer, with the catalogue's words for it. */
export function unclassified(cat: Catalogue): Diagnosis {
  const e = cat.byId.get('unclassified');
  return {
    class: 'unclassified',
    title: e?.title ?? 'Not a known root cause',
    env: null,
    in: null,
    evidence: null,
    means: null,
    fix: e?.fix.change ?? 'Compare the two outcomes yourself.',
    alternatives: [],
    lesson: e?.lessons[0] ?? null,
    sources: e?.sources ?? [],
  };
}

/**
 * Every cause whose signal matched, once per cause and environment, in the
 * order of the observations. Source signals (a call whose answer differs)
 * are a weaker kind of evidence: they count only when nothing the programs
 * or tools said matched. Nothing matched: [unclassified].
 */
export function diagnose(cat: Catalogue, observations: Observation[]): Diagnosis[] {
  const found = (fromSource: boolean): Diagnosis[] => {
    const out: Diagnosis[] = [];
    const seen = new Set<string>();
    for (const o of observations) {
      if ((o.in === 'source') !== fromSource || !o.text) continue;
      for (const e of cat.entries) {
        if (seen.has(`${e.id}\0${o.env}`)) continue;
        for (const s of e.signals) {
          if (s.in !== o.in || !envMatches(s.env, o.env) || !whenHolds(s.when, o)) continue;
          const re = new RegExp(s.pattern, 'md');
          const m = units(o, s.multiline)
            .map((u) => ({ u, m: re.exec(u.text) }))
            .find((x) => x.m);
          if (m) {
            // the first group, when the pattern has one, marks the words that matter (quoted with their line)
            const at = m.m!.indices?.[1]?.[0] ?? m.m!.index;
            out.push(hit(e, s, o, m.u.quote(at)));
            seen.add(`${e.id}\0${o.env}`);
            break;
          }
        }
      }
    }
    return out;
  };
  const direct = found(false);
  if (direct.length) return direct;
  const bySource = found(true);
  return bySource.length ? bySource : [unclassified(cat)];
}
