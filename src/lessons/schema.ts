/**
 * The lesson format: a lesson is lessons/<id>/lesson.yaml (this schema) plus
 * markdown prose, with its C programs in c-src/<id>/. Adding a lesson needs no
 * TypeScript. The format is versioned so old lessons can be rejected clearly.
 */
import { z } from 'zod';
import { envName, expectations, hostname, metric, regex, type Expectations } from '../check/expectations.js';
import { PLACEHOLDERS, placeholdersIn } from '../lab/dns/net-plan.js';
import { STACK_KIB_MAX, TIMEOUT_MS_MAX, envNameProblem } from '../lab/program-options.js';
import { ALL_ENV_NAMES, COMPILERS } from '../lab/types.js';

// the expectations a step checks belong to the checker (check/expectations.ts); the format names them here too
export { envExpectation, expectations, metric, queryExpectation, relation, textMatch } from '../check/expectations.js';
export type { EnvExpectation, Expectations, QueryExpectation, Relation, TextMatch } from '../check/expectations.js';

export const FORMAT_VERSION = 1;

const id = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes');
const fileName = z.string().regex(/^[A-Za-z0-9._+-]+$/, 'a plain file name in c-src/<lesson>/');
const ipv4 = z.string().regex(/^((25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(25[0-5]|2[0-4]\d|1?\d?\d)$/, 'an IPv4 address such as 192.0.2.10');
/** Text with the lab network's addresses as placeholders: {dns}, {dnsmasq}, {dead}, {dead2}. */
const withPlaceholders = z.string().refine((t) => placeholdersIn(t).every((p) => (PLACEHOLDERS as readonly string[]).includes(p)), `the placeholders are ${PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}`);

/** The knobs of the lab's DNS server (docker/dns-server/lab-dns.c) for one scenario. Unknown names get NXDOMAIN. */
export const dnsServerKnobs = z
  .object({
    /** name -> its address(es): A records. */
    names: z.record(hostname, z.union([ipv4, z.array(ipv4).min(1).max(200)])).default({}),
    /** name -> how many addresses (192.0.2.1, .2, ...): more than 28 do not fit in a 512-byte UDP answer. */
    big: z.record(hostname, z.number().int().min(1).max(200)).default({}),
    servfail: z.array(hostname).default([]),
    nxdomain: z.array(hostname).default([]),
    /** Added before every answer (this kernel has no netem: delays come from the server). */
    delayMs: z.number().int().min(0).max(5000).default(0),
    ttl: z.number().int().min(0).max(86_400).default(300),
  })
  .strict();

/** A step's DNS lab scenario: the clients' resolv.conf and hosts, and the server's knobs. */
export const networkScenario = z
  .object({
    resolvConf: withPlaceholders,
    /** Lines added to /etc/hosts after localhost. */
    hosts: withPlaceholders.optional(),
    /** The clients' whole /etc/nsswitch.conf (only glibc reads it); absent: the image's own. */
    nsswitch: z.string().optional(),
    dns: dnsServerKnobs.prefault({}),
  })
  .strict();
export type NetworkScenario = z.infer<typeof networkScenario>;

/** A variant's changes to its step's scenario: each field given replaces the step's. */
export const networkOverride = z
  .object({ resolvConf: withPlaceholders.optional(), hosts: withPlaceholders.optional(), nsswitch: z.string().optional(), dns: dnsServerKnobs.optional() })
  .strict();


/**
 * A step that measures speed shows its numbers as a table and a bar chart: one row per variant
 * (read by `metric`), or the named `rows` read from each run; one bar per environment.
 */
export const chart = z
  .object({
    /** What the numbers are: milliseconds or microseconds. */
    unit: z.enum(['ms', 'us']).default('ms'),
    metric: metric.optional(),
    rows: z.array(z.object({ label: z.string().min(1), metric }).strict()).min(1).optional(),
  })
  .strict()
  .refine((c) => !!c.metric !== !!c.rows, 'give metric (one row per variant) or rows (several numbers of one run)');
export type Chart = z.infer<typeof chart>;


/** Environment variables for the program; names as a shell accepts them, never the lab's own. */
const variableName = z.string().superRefine((k, ctx) => {
  const problem = envNameProblem(k);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});
const envVars = z.record(variableName, z.string());

const ulimits = z.object({ stackKiB: z.union([z.number().int().positive().max(STACK_KIB_MAX), z.literal('unlimited')]).optional() }).strict();

/** How a program is built and run: shared by experiments and tasks. */
const runSpec = {
  /** Extra files compiled with the main program (in c-src/<id>/). */
  extraSources: z.array(fileName).default([]),
  flags: z.array(z.string()).default([]),
  /** gcc (default), or musl-gcc: Debian's wrapper that builds musl programs on the glibc system (compileIn: glibc). */
  compiler: z.enum(COMPILERS).optional(),
  /** "each": every run environment compiles its own; or one environment builds the binary all others run. */
  compileIn: z.union([z.literal('each'), envName]).default('each'),
  runIn: z.array(envName).min(1).default(['glibc', 'musl']),
  args: z.array(z.string()).default([]),
  stdin: z.string().optional(),
  env: envVars.default({}),
  ulimits: ulimits.optional(),
  timeoutMs: z.number().int().positive().max(TIMEOUT_MS_MAX).optional(),
  /**
   * Build with another tool instead of gcc (go, rustc, a build script), in the `compileIn` environment
   * (e.g. toolchains). Words of `command`: "{main}" is the step's program (or the learner's file),
   * "{sources}" every source file, "{flags}" the flags (appended at the end when absent), "{output}" the
   * built program's name (`output`, default the program's name without its extension). `env` is set
   * for the build only (e.g. CGO_ENABLED: "0").
   */
  build: z
    .object({
      command: z.array(z.string()).min(1),
      env: envVars.default({}),
      output: fileName.optional(),
    })
    .strict()
    .optional(),
  /** Run this instead of the program itself; "{program}" stands for the built binary (e.g. [readelf, -l, "{program}"]). */
  command: z.array(z.string()).optional(),
  /**
   * Run on the DNS lab's network with this scenario: each environment in turn, its resolv.conf and
   * hosts written first, the lab DNS server's query log read after (see `queries` expectations).
   */
  network: networkScenario.optional(),
  /**
   * Play a crash loop: after a failed run (non-zero exit, signal, time limit) start the program again,
   * `count` times, in the kubelet's shape: the first restart at once, then waiting `backoffMs` and
   * twice as long before each next one (a kubelet: at once, 10 s, 20 s, 40 s ... 300 s). The checks
   * read the first run; the restarts are shown with it.
   */
  restarts: z.object({ count: z.number().int().min(1).max(5), backoffMs: z.number().int().min(0).max(2000) }).strict().optional(),
};

/** Every expectation block of a step. */
function allExpectations(s: { expect?: Expectations; starterExpect?: Expectations; variants?: { expect: Expectations }[] }): Expectations[] {
  return [s.expect, s.starterExpect, ...(s.variants ?? []).map((v) => v.expect)].filter((e): e is Expectations => !!e);
}
const asksForQueries = (e: Expectations) => ALL_ENV_NAMES.some((env) => e[env]?.queries?.length);
const networkConsistent = (s: { network?: unknown; expect?: Expectations; starterExpect?: Expectations; variants?: { expect: Expectations; network?: unknown }[] }) =>
  !!s.network || (!allExpectations(s).some(asksForQueries) && !(s.variants ?? []).some((v) => v.network));
const NETWORK_NEEDED = 'query expectations and variant networks need a step-level network';
/** musl-gcc exists only in the glibc environment: one binary built there, run wherever the step says. */
const compilerAvailable = (s: { compiler?: string; compileIn: string }) => s.compiler !== 'musl-gcc' || s.compileIn === 'glibc';
const MUSL_GCC_IN_GLIBC = 'musl-gcc is in the glibc environment only: give compileIn: glibc';

const base = {
  id,
  title: z.string().min(1),
  /** Markdown file in lessons/<id>/ shown for this step. */
  prose: z.string().regex(/\.md$/).optional(),
};

export const explainStep = z.object({ kind: z.literal('explain'), ...base }).strict();

/**
 * Evidence from outside the lab, on every experiment and task: what the step's claims rest on.
 * `sources` name primary sources precisely enough to open, with a version ("musl 1.2.5
 * src/network/lookup_name.c (name_from_dns_search)", "PEP 656"). `standsFor` is given when a lab
 * program imitates a system the lab cannot run: what the real thing is, what the stand-in does
 * the same, and where it differs.
 */
const evidence = {
  sources: z.array(z.string().min(1)).min(1).optional(),
  standsFor: z
    .object({ real: z.string().min(1), same: z.string().min(1), differs: z.string().min(1) })
    .strict()
    .optional(),
};

/** One run of an experiment; variants let one program fill a table (e.g. stack sizes). */
export const variant = z
  .object({
    id,
    label: z.string().optional(),
    args: z.array(z.string()).optional(),
    env: envVars.optional(),
    ulimits: ulimits.optional(),
    flags: z.array(z.string()).optional(),
    /** Variables added to the step's `build.env` for this variant (e.g. CGO_ENABLED: "0"). */
    buildEnv: envVars.optional(),
    /** Changes to the step's DNS scenario for this variant. */
    network: networkOverride.optional(),
    expect: expectations,
  })
  .strict();

export const experimentStep = z
  .object({
    kind: z.literal('experiment'),
    ...base,
    ...evidence,
    /** The program (c-src/<lesson>/<program>); absent for a command-only step (e.g. locale -a). */
    program: fileName.optional(),
    ...runSpec,
    /**
     * Only meaningful with images built this way (the offline musl-gcompat is a loader shim, not
     * Alpine's gcompat, and lacks its extra symbols). Elsewhere the step is reported as not applicable.
     */
    onlyWithBuild: z.enum(['online', 'offline']).optional(),
    /** The myth this step disproves, in the seed's words, shown next to the measured truth. */
    myth: z.string().optional(),
    /**
     * Read the binary with `musl-lab check` instead of running it: the report becomes stdout and its
     * verdict the exit status (0 runs on musl as is, 1 gcompat or a rebuild, 2 cannot be judged).
     * `true` checks the built program; `{path}` checks that file of each run environment (e.g. /usr/bin/ls).
     */
    analyze: z.union([z.literal(true), z.object({ path: z.string().regex(/^\//, 'an absolute path') }).strict()]).optional(),
    /** Explain each environment's crash (gdb, see src/explain/) and show it as part of the step's evidence. */
    explain: z.boolean().optional(),
    /** Show the step's timings as a table and bar chart (the TUI's run panel and `verify`). */
    chart: chart.optional(),
    expect: expectations.optional(),
    variants: z.array(variant).optional(),
  })
  .strict()
  .refine((s) => s.program || s.command || (typeof s.analyze === 'object'), 'an experiment needs a program, a command, or analyze: {path}')
  .refine((s) => !(s.analyze && s.command), 'analyze reads a binary; it does not go with command')
  .refine((s) => s.analyze !== true || s.program, 'analyze: true checks the built program: give program')
  .refine((s) => !!s.expect !== !!s.variants, 'give either expect or variants')
  .refine(networkConsistent, NETWORK_NEEDED)
  .refine(compilerAvailable, MUSL_GCC_IN_GLIBC);

/**
 * A plausible wrong answer to a task. `failsOn`: the environments whose checks must catch it
 * (default: every environment the task runs in). Name fewer only where the mistake is harmless on
 * one library (raising RLIMIT_STACK does grow glibc's threads), and say so in `why`.
 */
export const wrongSolution = z
  .object({ file: fileName, why: z.string().min(1), failsOn: z.array(envName).min(1).optional() })
  .strict();
export type WrongSolution = z.infer<typeof wrongSolution>;

/** The environments a wrong solution must fail in: its `failsOn`, or every environment the task runs in. */
export const failsOnOf = (w: WrongSolution, task: { runIn: string[] }): string[] => w.failsOn ?? task.runIn;

/**
 * A task's statement covers every environment it runs in: `expect` must check each of them (else
 * a fix that breaks one passes unseen), and a wrong solution can only be caught where it runs.
 */
export function taskCoverageProblems(t: { runIn: string[]; expect: Expectations; wrongSolutions: WrongSolution[] }): { message: string; path: (string | number)[] }[] {
  const out: { message: string; path: (string | number)[] }[] = [];
  for (const env of t.runIn) {
    if (!t.expect[env as keyof Expectations]) out.push({ message: `the task runs in ${env}, so expect must check ${env} too (a fix that breaks ${env} would pass unseen)`, path: ['expect', env] });
  }
  t.wrongSolutions.forEach((w, i) => {
    for (const env of w.failsOn ?? []) {
      if (!t.runIn.includes(env)) out.push({ message: `${env} is not one of the task's runIn (${t.runIn.join(', ')}): the fixture cannot fail there`, path: ['wrongSolutions', i, 'failsOn'] });
    }
  });
  return out;
}

export const taskStep = z
  .object({
    kind: z.literal('task'),
    ...base,
    ...evidence,
    /** The file the learner edits (copied to their workspace). */
    starter: fileName,
    /** The reference solution, shown only after the step passes. */
    solution: fileName,
    ...runSpec,
    /** The checks that decide "solved". */
    expect: expectations,
    /** How the shipped starter fails (proven in CI): it must also fail `expect`. */
    starterExpect: expectations,
    /**
     * Plausible wrong answers kept as fixtures (c-src/<lesson>/<file>): the lesson check proves
     * each one fails `expect` in every environment of its `failsOn`, so the task checks what it asks for.
     */
    wrongSolutions: z.array(wrongSolution).default([]),
    /**
     * From a nudge to the exact API: one more per request. A hint about one failure can say
     * which check it answers (`{ text, when: "musl: compiled" }`, or a field such as "exit"
     * for any environment): while that check fails, it is shown first.
     */
    hints: z.array(z.union([z.string().min(1), z.object({ text: z.string().min(1), when: z.string().min(1) }).strict()])).min(1).max(4),
    /** Show the timings of each run as a table and bar chart (e.g. the reference against the learner's code). */
    chart: chart.optional(),
  })
  .strict()
  .refine(networkConsistent, NETWORK_NEEDED)
  .refine(compilerAvailable, MUSL_GCC_IN_GLIBC)
  .superRefine((t, ctx) => {
    for (const p of taskCoverageProblems(t)) ctx.addIssue({ code: 'custom', message: p.message, path: p.path });
  });

export const quizQuestion = z
  .object({
    id,
    prompt: z.string().min(1),
    choices: z.array(z.string()).min(2).optional(),
    /** Index into choices (0-based). */
    answer: z.number().int().min(0).optional(),
    /** For a short answer: a case-insensitive pattern the answer must match. */
    accept: regex.optional(),
    /** For a short answer: the accepted answers in words, shown instead of the pattern ("1 second, or 1 s"). */
    answerText: z.string().min(1).optional(),
    /** A nudge shown after a wrong answer (the answer itself comes only after a second wrong try, or on request). */
    hint: z.string().min(1).optional(),
    explanation: z.string().min(1),
  })
  .strict()
  .refine((q) => (q.choices ? q.answer !== undefined && q.answer < q.choices.length && !q.accept : !!q.accept), 'a question has choices with an answer index, or an accept pattern');

export const quizStep = z.object({ kind: z.literal('quiz'), ...base, questions: z.array(quizQuestion).min(1) }).strict();

export const step = z.discriminatedUnion('kind', [explainStep, experimentStep, taskStep, quizStep]);
export type Step = z.infer<typeof step>;
export type ExperimentStep = z.infer<typeof experimentStep>;
export type TaskStep = z.infer<typeof taskStep>;
export type QuizStep = z.infer<typeof quizStep>;
export type Variant = z.infer<typeof variant>;

export const lessonManifest = z
  .object({
    formatVersion: z.literal(FORMAT_VERSION),
    id,
    title: z.string().min(1),
    summary: z.string().min(1),
    /** Self-assessment checklist items (ids from lessons/index.yaml) this lesson covers. */
    checklist: z.array(id).min(1),
    steps: z.array(step).min(1),
  })
  .strict();
export type LessonManifest = z.infer<typeof lessonManifest>;

export const courseIndex = z
  .object({
    formatVersion: z.literal(FORMAT_VERSION),
    title: z.string(),
    /** Lesson ids in teaching order. */
    lessons: z.array(id).min(1),
    checklist: z
      .array(
        z
          .object({
            id,
            text: z.string().min(1),
            /** An item whose lesson is not written yet: named, visible, and not counted as covered. */
            plannedIn: z.string().optional(),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();
export type CourseIndex = z.infer<typeof courseIndex>;
