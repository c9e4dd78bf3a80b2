/**
 * Exit statuses above 128 mean "killed by signal (status - 128)" in every
 * shell and in Docker's exec API. A crash therefore shows up as 139, not as a
 * signal object; we name it so a learner reads SIGSEGV, not a number.
 */
const NAMES: Record<number, string> = {
  1: 'SIGHUP', 2: 'SIGINT', 3: 'SIGQUIT', 4: 'SIGILL', 5: 'SIGTRAP', 6: 'SIGABRT',
  7: 'SIGBUS', 8: 'SIGFPE', 9: 'SIGKILL', 10: 'SIGUSR1', 11: 'SIGSEGV', 12: 'SIGUSR2',
  13: 'SIGPIPE', 14: 'SIGALRM', 15: 'SIGTERM', 16: 'SIGSTKFLT', 17: 'SIGCHLD', 18: 'SIGCONT',
  19: 'SIGSTOP', 20: 'SIGTSTP', 21: 'SIGTTIN', 22: 'SIGTTOU', 23: 'SIGURG', 24: 'SIGXCPU',
  25: 'SIGXFSZ', 26: 'SIGVTALRM', 27: 'SIGPROF', 28: 'SIGWINCH', 29: 'SIGIO', 30: 'SIGPWR',
  31: 'SIGSYS',
};

/** The signal that ended a process with this exit status, or null for a normal exit. */
export function signalFromExitCode(exitCode: number | null): string | null {
  if (exitCode === null || exitCode <= 128 || exitCode > 128 + 64) return null;
  const n = exitCode - 128;
  return NAMES[n] ?? `SIG${n}`;
}

/** The exit status a shell reports for a death by this signal (SIGSEGV -> 139). */
export function exitCodeForSignal(name: string): number | null {
  for (const [n, s] of Object.entries(NAMES)) if (s === name) return 128 + Number(n);
  return null;
}

/**
 * Why a process ended with 127, from what it said (null: it does not say). 127 is a shell's
 * "command not found" (POSIX.1-2024 sh, "Exit Status"), and the dynamic loaders' status too:
 * glibc's ld.so exits 127 on a missing library or an unresolved symbol (glibc 2.41
 * elf/dl-printf.c _dl_fatal_printf: `_exit (127)`), musl's on "Error loading shared library"
 * or "Error relocating" (musl 1.2.5 ldso/dynlink.c: `if (ldso_fail) _exit(127)`).
 */
export function reasonFor127(stderr: string): string | null {
  if (/error while loading shared libraries|Error loading shared library/.test(stderr)) return 'a shared library is missing';
  if (/symbol lookup error|Error relocating/.test(stderr)) return 'a symbol is missing';
  if (/(^|\n)[^\n]*: (not found|No such file or directory)\s*(\n|$)|command not found/.test(stderr)) return 'not found';
  return null;
}

/**
 * A short human description: "exit 0", "SIGSEGV (exit 139)", "exit 127 (not found)". 127 is
 * named only from what the process said (`stderr`): a loader's refusal is not "not found".
 */
export function describeExit(exitCode: number | null, signal: string | null, timedOut = false, stderr?: string): string {
  if (timedOut) return 'timed out (killed)';
  if (exitCode === null) return 'did not finish';
  if (signal) return `${signal} (exit ${exitCode})`;
  if (exitCode === 127) {
    const why = stderr === undefined ? null : reasonFor127(stderr);
    return why ? `exit 127 (${why})` : 'exit 127';
  }
  if (exitCode === 126) return 'exit 126 (cannot execute)';
  return `exit ${exitCode}`;
}

/** describeExit of a finished run, with what it said. */
export function describeRun(run: { exitCode: number | null; signal: string | null; timedOut?: boolean; stderr?: string }): string {
  return describeExit(run.exitCode, run.signal, run.timedOut ?? false, run.stderr);
}
