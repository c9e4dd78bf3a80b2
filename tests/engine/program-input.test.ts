/**
 * What a learner hands the lab reaches the program and nothing else: file
 * names are never gcc options, and variables set for the program never reach
 * gcc or the lab's own script. Real engine, real images.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { EnvName } from '../../src/lab/types.js';
import { realLab } from '../helpers/lab.js';

const { lab } = realLab();
afterAll(() => lab.dispose());

/** Prints the variables it is asked about, one per line ("(unset)" when absent). */
const PRINT_ENV = `#include <stdio.h>
#include <stdlib.h>
int main(int argc, char **argv) {
    for (int i = 1; i < argc; i++) {
        const char *v = getenv(argv[i]);
        printf("%s=%s\\n", argv[i], v ? v : "(unset)");
    }
    return 0;
}
`;

describe.each(['glibc', 'musl'] as EnvName[])('in %s', (env) => {
  it('a source named -E.c is compiled as a file, not read as the option -E', async () => {
    const { compile, run } = await lab.compileAndRun(env, { sources: [{ name: '-E.c', content: '#include <stdio.h>\nint main(void) { puts("compiled"); return 0; }\n' }] });
    expect(compile.ok, compile.diagnostics).toBe(true);
    expect(run?.stdout).toBe('compiled\n');
  });

  it('PATH, HOME and even MUSL_LAB_F0 set for the program reach the program only', async () => {
    const { compile, run } = await lab.compileAndRun(
      env,
      { sources: [{ name: 'env.c', content: PRINT_ENV }] },
      { env: { PATH: '/x', HOME: '/elsewhere', MUSL_LAB_F0: 'not C at all' }, args: ['PATH', 'HOME', 'MUSL_LAB_F0', 'MUSL_LAB_F1'] },
    );
    // gcc still found on the lab's PATH, and the source was not replaced
    expect(compile.ok, compile.diagnostics).toBe(true);
    expect(run?.stdout).toBe('PATH=/x\nHOME=/elsewhere\nMUSL_LAB_F0=not C at all\nMUSL_LAB_F1=(unset)\n');
    expect(run?.exitCode).toBe(0);
  });

  it('without --set the program sees its own private folder as HOME and none of the lab\'s file variables', async () => {
    const { compile, run } = await lab.compileAndRun(env, { sources: [{ name: 'env.c', content: PRINT_ENV }] }, { args: ['HOME', 'MUSL_LAB_F0'] });
    const folder = compile.artifact!.path.replace(/\/[^/]+$/, '');
    expect(run?.stdout).toBe(`HOME=${folder}\nMUSL_LAB_F0=(unset)\n`);
  });
});

describe('compare --stdin keeps bytes', () => {
  it('ff 00 41 c3 reaches the program exactly (no UTF-8 decoding on the way)', async () => {
    const { execa } = await import('execa');
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'musl-lab-bytes-'));
    writeFileSync(path.join(dir, 'in.bin'), Buffer.from([0xff, 0x00, 0x41, 0xc3]));
    writeFileSync(path.join(dir, 'dump.c'), '#include <stdio.h>\n/* prints each byte of stdin in hex */\nint main(void) { int c; while ((c = getchar()) != EOF) printf("%02x ", c); putchar(10); return 0; }\n');
    const root = path.resolve(import.meta.dirname, '..', '..');
    const r = await execa('node', [path.join(root, 'bin', 'musl-lab.js'), 'compare', 'dump.c', '--stdin', 'in.bin', '--json'], { cwd: dir, reject: false, env: { MUSL_LAB_KEEP_WARM: '0' } });
    const out = JSON.parse(r.stdout);
    for (const e of out.environments) expect(e.run.stdout).toBe('ff 00 41 c3 \n');
  });
});
