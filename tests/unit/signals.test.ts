import { describe, expect, it } from 'vitest';
import { describeExit, exitCodeForSignal, signalFromExitCode } from '../../src/lab/signals.js';

describe('signalFromExitCode', () => {
  it.each([
    [139, 'SIGSEGV'],
    [134, 'SIGABRT'],
    [137, 'SIGKILL'],
    [136, 'SIGFPE'],
    [135, 'SIGBUS'],
    [153, 'SIGXFSZ'],
  ])('%i is %s', (code, name) => expect(signalFromExitCode(code)).toBe(name));

  it.each([0, 1, 127, 128, 255, null])('%s is a normal exit', (code) => expect(signalFromExitCode(code as number | null)).toBeNull());

  it('round-trips with exitCodeForSignal', () => {
    for (const name of ['SIGSEGV', 'SIGABRT', 'SIGKILL']) expect(signalFromExitCode(exitCodeForSignal(name))).toBe(name);
    expect(exitCodeForSignal('SIGNOPE')).toBeNull();
  });
});

describe('describeExit', () => {
  it('names crashes, not-found and timeouts', () => {
    expect(describeExit(139, 'SIGSEGV')).toBe('SIGSEGV (exit 139)');
    expect(describeExit(127, null)).toBe('exit 127'); // nothing said: no guess
    expect(describeExit(127, null, false, 'sh: ./payments: not found\n')).toBe('exit 127 (not found)');
    expect(describeExit(127, null, false, 'bash: frob: command not found\n')).toBe('exit 127 (not found)');
    expect(describeExit(127, null, false, './app: error while loading shared libraries: libssl.so.3: cannot open shared object file: No such file or directory\n')).toBe('exit 127 (a shared library is missing)');
    expect(describeExit(127, null, false, 'Error loading shared library libcrypt.so.1: No such file or directory (needed by ./app)\n')).toBe('exit 127 (a shared library is missing)');
    expect(describeExit(127, null, false, './app: symbol lookup error: ./app: undefined symbol: gnu_get_libc_version\n')).toBe('exit 127 (a symbol is missing)');
    expect(describeExit(127, null, false, 'Error relocating ./app: __memcpy_chk: symbol not found\n')).toBe('exit 127 (a symbol is missing)');
    expect(describeExit(127, null, false, 'my program chose 127\n')).toBe('exit 127');
    expect(describeExit(137, 'SIGKILL', true)).toBe('timed out (killed)');
    expect(describeExit(0, null)).toBe('exit 0');
  });
});
