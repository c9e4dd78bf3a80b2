/**
 * What may be set for a learner's program from outside (`compare --set/--stack/--timeout`,
 * a lesson's env, ulimits and timeoutMs), checked in one place so the CLI and the
 * lesson schema accept the same values.
 */

/** Variables of the lab's own wrapper (the files it writes travel in MUSL_LAB_F0, F1, ...). */
export const RESERVED_ENV_PREFIX = 'MUSL_LAB_';

/** A name an environment variable can have (POSIX.1-2024 Base Definitions 8.1: letters, digits, _, no leading digit). */
export function isEnvVarName(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name);
}

/** Why a variable name cannot be set for a program, or null when it can. */
export function envNameProblem(name: string): string | null {
  if (!isEnvVarName(name)) return 'a variable name is letters, digits and _, not starting with a digit';
  if (name.startsWith(RESERVED_ENV_PREFIX)) return `${RESERVED_ENV_PREFIX}* variables belong to the lab itself`;
  return null;
}

/**
 * Largest `ulimit -s` in KiB: 2^37 KiB is the whole x86-64 user address space (128 TiB),
 * so nothing above it means more ("unlimited" does). The shells disagree past 2^54 - 1
 * (bash refuses, busybox wraps to 0), which is why the range is checked here.
 */
export const STACK_KIB_MAX = 2 ** 37;

/** Files, arguments and variables of one program, together: the agent takes 4096 fields per request, the lab's own among them. */
export const MAX_PROGRAM_WORDS = 4000;

/** Longest wall-clock limit of one run. */
export const TIMEOUT_MS_MAX = 120_000;

/** `--stack` text as KiB, or null when it is not a whole number in range (nor "unlimited"). */
export function parseStackKiB(text: string): number | 'unlimited' | null {
  if (text === 'unlimited') return 'unlimited';
  if (!/^[0-9]{1,15}$/.test(text)) return null;
  const n = Number(text);
  return n >= 1 && n <= STACK_KIB_MAX ? n : null;
}

/** `--timeout` seconds (decimal, e.g. "5" or "0.5") as milliseconds, or null when out of range. */
export function parseTimeoutMs(text: string): number | null {
  if (!/^[0-9]{1,6}(\.[0-9]{1,3})?$/.test(text)) return null;
  const ms = Math.round(Number(text) * 1000);
  return ms >= 1 && ms <= TIMEOUT_MS_MAX ? ms : null;
}
