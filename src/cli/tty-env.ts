/**
 * Imported first by the CLI. Ink draws nothing live when it believes it runs
 * in CI (is-in-ci reads CI when Ink is imported), so a learner whose shell
 * exports CI=true would stare at an empty screen. A session with a terminal
 * on both ends is interactive, whatever CI says.
 */
if (process.stdin.isTTY && process.stdout.isTTY) {
  delete process.env.CI;
  delete process.env.CONTINUOUS_INTEGRATION;
}
export {};
