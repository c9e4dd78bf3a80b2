/**
 * The vocabulary of expectations: what a run must show in each environment and between
 * environments. The checker (checker.ts) reads it; the lesson format (lessons/schema.ts) is
 * built on it. Zod schemas, so lessons are validated where they are loaded.
 */
import { z } from 'zod';
import { CAUSE_KINDS } from '../explain/classify.js';
import { ALL_ENV_NAMES } from '../lab/types.js';

/** Any environment, default or on demand (a step that names an on-demand one builds it on first use). */
export const envName = z.enum(ALL_ENV_NAMES);

export const regex = z.string().refine((s) => {
  try {
    new RegExp(s);
    return true;
  } catch {
    return false;
  }
}, 'a valid regular expression');

/** How text output is matched. A plain string means exact, whitespace-tolerant. */
export const textMatch = z.union([
  z.string(),
  z
    .object({
      exact: z.string().optional(),
      contains: z.union([z.string(), z.array(z.string())]).optional(),
      notContains: z.union([z.string(), z.array(z.string())]).optional(),
      pattern: regex.optional(),
      /** tolerant (default): trailing spaces, blank lines at the ends and CRLF do not matter. */
      whitespace: z.enum(['tolerant', 'strict']).default('tolerant'),
    })
    .strict()
    .refine((m) => m.exact !== undefined || m.contains !== undefined || m.pattern !== undefined || m.notContains !== undefined, 'give exact, contains, notContains or pattern'),
]);
export type TextMatch = z.infer<typeof textMatch>;

/** A DNS name as the lab's server knows it: lower case, no trailing dot. */
export const hostname = z.string().regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/, 'a lower-case DNS name such as www.lab.test');

/** How many queries the lab's DNS server saw during one environment's run. */
export const queryExpectation = z
  .object({
    /** Only queries for this name (default: every name). */
    name: hostname.optional(),
    /** client: sent by the environment itself; dnsmasq: forwarded by the lab's dnsmasq. */
    from: z.enum(['client', 'dnsmasq']).default('client'),
    proto: z.enum(['udp', 'tcp']).optional(),
    /** A, AAAA, ... */
    type: z.string().regex(/^[A-Z0-9]+$/).optional(),
    count: z.number().int().min(0).optional(),
    atLeast: z.number().int().min(0).optional(),
    atMost: z.number().int().min(0).optional(),
    why: z.string().optional(),
    whyNot: z.string().optional(),
  })
  .strict()
  .refine((q) => q.count !== undefined || q.atLeast !== undefined || q.atMost !== undefined, 'give count, atLeast or atMost')
  .refine((q) => q.count === undefined || (q.atLeast === undefined && q.atMost === undefined), 'count is exact: give it alone');
export type QueryExpectation = z.infer<typeof queryExpectation>;

/** What one environment must show. Every field is optional; absent means "not checked". */
export const envExpectation = z
  .object({
    compiled: z.boolean().optional(),
    /** A pattern the compiler's diagnostics must match (e.g. "execinfo.h: No such file"). */
    diagnostic: regex.optional(),
    exit: z.number().int().min(0).max(255).optional(),
    signal: z.string().regex(/^SIG[A-Z0-9]+$/).optional(),
    timedOut: z.boolean().optional(),
    stdout: textMatch.optional(),
    stderr: textMatch.optional(),
    /** Queries the lab's DNS server received during this environment's run (steps with a `network`). */
    queries: z.array(queryExpectation).optional(),
    /** The cause "why did it crash?" finds for this environment's crash (steps with `explain: true`). */
    cause: z.enum(CAUSE_KINDS).optional(),
    /** Why this environment behaves so: shown to the learner next to a check that holds. */
    why: z.string().optional(),
    /** Why a check of this block did NOT hold, in the failing case's own terms (shown only then, never `why`). */
    whyNot: z.string().optional(),
  })
  .strict();
export type EnvExpectation = z.infer<typeof envExpectation>;

/** A number read from a run: its wall time, or a value the program printed. */
export const metric = z.union([
  z.literal('duration'),
  z.object({ stdout: regex }).strict().describe('a regex whose first group is the number'),
]);

export const relation = z.union([
  z
    .object({
      differs: z.enum(['stdout', 'stderr', 'exit']),
      between: z.tuple([envName, envName]),
      why: z.string().optional(),
      whyNot: z.string().optional(),
    })
    .strict(),
  z
    .object({
      same: z.enum(['stdout', 'stderr', 'exit']),
      between: z.tuple([envName, envName]),
      why: z.string().optional(),
      whyNot: z.string().optional(),
    })
    .strict(),
  z
    .object({
      /** `slower` takes at least `atLeast` times as long (by `metric`) as `faster`. */
      slower: envName,
      faster: envName,
      atLeast: z.number().positive(),
      /** And at most this many times: "about the same" is a range (e.g. 0.33 to 3), never a tight bound. */
      atMost: z.number().positive().optional(),
      metric: metric.default('duration'),
      /** Read `faster` by another metric (default: `metric`): compares two numbers of one run when slower = faster. */
      fasterMetric: metric.optional(),
      why: z.string().optional(),
      whyNot: z.string().optional(),
    })
    .strict()
    .refine((r) => r.atMost === undefined || r.atMost >= r.atLeast, 'atMost must be at least atLeast'),
]);
export type Relation = z.infer<typeof relation>;

export const expectations = z
  .object({
    glibc: envExpectation.optional(),
    musl: envExpectation.optional(),
    'musl-gcompat': envExpectation.optional(),
    /** The on-demand glibc environment with other languages' toolchains (Go, Rust, Python, Node.js). */
    toolchains: envExpectation.optional(),
    /** The on-demand musl environment with a musl Python (CPython built from source). */
    'python-musl': envExpectation.optional(),
    relations: z.array(relation).default([]),
  })
  .strict();
export type Expectations = z.infer<typeof expectations>;
