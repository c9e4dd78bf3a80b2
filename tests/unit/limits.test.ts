import { describe, expect, it } from 'vitest';
import { LIMITS, agentRequest, fitsInEnv, shQuote, wrapScript } from '../../src/lab/limits.js';

describe('shQuote', () => {
  it('leaves plain words alone and quotes the rest safely', () => {
    expect(shQuote('/lab/r1')).toBe('/lab/r1');
    expect(shQuote("it's")).toBe(`'it'\\''s'`);
    expect(shQuote('a b;rm -rf /')).toBe(`'a b;rm -rf /'`);
  });
});

describe('wrapScript', () => {
  const s = wrapScript({ cwd: '/lab/r1', timeoutMs: 2500, ulimits: { stackKiB: 1024 } });
  it('limits processes, CPU, file size and the requested stack before running', () => {
    expect(s).toContain(`ulimit -u ${LIMITS.runProcesses}`);
    expect(s).toContain('ulimit -t 4');
    expect(s).toContain('ulimit -s 1024');
    expect(s.indexOf('ulimit -s')).toBeLessThan(s.indexOf('exec "$@"'));
  });
  it('refuses to run when the process limit cannot be set', () => {
    expect(s).toMatch(/ulimit -p \d+; } 2>\/dev\/null \|\| \{ echo 'musl-lab: cannot set the process limit' >&2; exit 125; }/);
  });
  it('feeds /dev/null unless stdin is given, and kills leftovers after the run keeping its status', () => {
    expect(s).toMatch(/sh -c 'exec <"\$1" 2>&3 3>&-; .*exec "\$@"' sh \/dev\/null "\$@"$/m);
    expect(wrapScript({ cwd: '/x', timeoutMs: 1000, stdinFile: '.stdin' })).toContain(`exec "$@"' sh .stdin "$@"`);
    const tail = s.trim().split('\n');
    expect(tail.slice(tail.indexOf('rc=$?'), tail.indexOf('rc=$?') + 3)).toEqual(['rc=$?', 'kill -9 -1 2>/dev/null', 'rm -rf /tmp/* /tmp/.[!.]* 2>/dev/null']);
    expect(tail.at(-1)).toBe('exit $rc');
  });
  it('makes its folder and writes its files from the environment, then hides them from the program', () => {
    const w = wrapScript({ cwd: '/lab/c1', timeoutMs: 1000, files: ['main.c', "odd name.c"] }).split('\n');
    expect(w[0]).toBe('mkdir -p /lab/c1 && cd /lab/c1 || exit 125');
    expect(w).toContain(`printf '%s' "$MUSL_LAB_F0" > main.c || exit 125`);
    expect(w).toContain(`printf '%s' "$MUSL_LAB_F1" > 'odd name.c' || exit 125`);
    expect(w.indexOf('unset MUSL_LAB_F1')).toBeLessThan(w.findIndex((l) => l.includes('exec "$@"')));
  });

  it('sends only small NUL-free text through the environment', () => {
    expect(fitsInEnv('int main(void){}')).toBe(true);
    expect(fitsInEnv(Buffer.from([0x7f, 0x45, 0x00]))).toBe(false);
    expect(fitsInEnv('x'.repeat(200 * 1024))).toBe(false);
  });

  it("keeps the shell's own crash report out of the program's stderr", () => {
    const lines = s.split('\n');
    expect(lines.indexOf('exec 3>&2 2>/dev/null')).toBe(lines.findIndex((l) => l.includes('exec "$@"')) - 1);
  });

  it('can build first in the same exec, reporting the status after a marker and running only on success', () => {
    const w = wrapScript({ cwd: '/lab/c1', timeoutMs: 1000, files: ['main.c'], build: { argv: ['gcc', '-o', 'prog', 'main.c'], marker: 'M-1', timeoutMs: 60_000 } }).split('\n');
    const b = w.indexOf('gcc -o prog main.c > .diag 2>&1');
    expect(b).toBeGreaterThan(w.findIndex((l) => l.includes('MUSL_LAB_F0')));
    expect(w.slice(b + 1, b + 5)).toEqual(['crc=$?', 'cat .diag >&2', `printf '\\n%s %s\\n' M-1 "$crc" >&2`, '[ "$crc" -eq 0 ] || exit 0']);
    expect(w).toContain('ulimit -t 61'); // the CPU backstop covers the longer of build and run
  });

  it('has no stack limit line unless asked', () => {
    expect(wrapScript({ cwd: '/x', timeoutMs: 1000 })).not.toContain('ulimit -s');
  });
});

describe('wrapScript on small tmpfs', () => {
  it('empties /tmp after every run, and after a build-and-run removes only what the program added to its folder', () => {
    const plain = wrapScript({ cwd: '/lab/r1', timeoutMs: 1000 }).split('\n');
    expect(plain).toContain('rm -rf /tmp/* /tmp/.[!.]* 2>/dev/null');
    // a plain run's program may be gcc: its folder is cleaned only when /lab is nearly full
    expect(plain.join('\n')).toMatch(/\[ "\$\(df -Pk \/lab \| awk 'NR == 2 \{ print \$4 \}'\)" -ge 4096 \] 2>\/dev\/null \|\| for f in/);
    const built = wrapScript({ cwd: '/lab/c1', timeoutMs: 1000, build: { argv: ['gcc', 'x.c'], marker: 'M', timeoutMs: 1000 } });
    const at = (needle: string) => built.indexOf(needle);
    expect(at('[ "$crc" -eq 0 ] || exit 0')).toBeLessThan(at('keep=$(ls -A)'));
    expect(at('keep=$(ls -A)')).toBeLessThan(at('exec "$@"'));
    expect(at('kill -9 -1')).toBeLessThan(at('rm -rf -- "$f"'));
    expect(built).toContain('case "\n$keep\n" in *"\n$f\n"*) ;; *) rm -rf -- "$f" ;; esac');
  });
});

describe('agentRequest', () => {
  it("exports nothing of the program's before the script: its variables travel counted, ahead of argv", () => {
    const r = agentRequest({ fileContents: ['int main;'], env: { PATH: '/x', MUSL_LAB_F0: "it's" }, argv: ['./prog', 'a b'], script: 'SCRIPT' }).split('\n');
    expect(r).toEqual(['MUSL_LAB_F0=\'int main;\'', 'HOME=/lab; export HOME', `set -- 2 PATH=/x 'MUSL_LAB_F0=it'\\''s' ./prog 'a b'`, 'SCRIPT']);
  });
  it('the wrapper exports those words only in the shell that execs the program', () => {
    const s = wrapScript({ cwd: '/lab/r1', timeoutMs: 1000, build: { argv: ['gcc', 'x.c'], marker: 'M', timeoutMs: 1000 } });
    const last = s.split('\n').find((l) => l.includes('exec "$@"'))!;
    expect(last).toContain('n=$2; shift 2; while [ "$n" -gt 0 ]; do export "$1"; shift; n=$((n - 1)); done; exec "$@"');
    expect(s).not.toMatch(/^export /m);
  });
});
