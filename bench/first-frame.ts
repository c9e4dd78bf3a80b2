/**
 * "First interactive frame", shared by bench/tutorial.ts and bench/speed.ts: a command in a
 * 100x40 pseudo-terminal (script(1)), timed from spawn until a marker is on screen, and the
 * bare Ink app that is its floor.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';

/** Writes a bare Ink app that waits for keys (q quits; it says "hello, q quits") into `dir`; its path. */
export function writeInkHello(dir: string, root: string): string {
  const file = path.join(dir, 'hello.mjs');
  writeFileSync(
    file,
    `import React from ${JSON.stringify(path.join(root, 'node_modules/react/index.js'))};
import { render, Text, useApp, useInput } from ${JSON.stringify(path.join(root, 'node_modules/ink/build/index.js'))};
function Hello() { const { exit } = useApp(); useInput((i) => { if (i === 'q') exit(); }); return React.createElement(Text, null, 'hello, q quits'); }
render(React.createElement(Hello));
`,
  );
  return file;
}

/** Milliseconds from spawn until `marker` is on the pseudo-terminal; then `q`, and the process must end. */
export function firstFrame(cmd: string, marker: string, o: { cwd: string; env: NodeJS.ProcessEnv }): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn('script', ['-qfec', `stty cols 100 rows 40; exec ${cmd}`, '/dev/null'], { cwd: o.cwd, env: o.env, stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    let t: number | undefined;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no "${marker}" within 30 s; output:\n${out.slice(-2000)}`));
    }, 30_000);
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      if (t === undefined && out.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').includes(marker)) {
        t = performance.now() - t0;
        child.stdin.write('q');
      }
    });
    child.on('exit', () => {
      clearTimeout(timer);
      if (t === undefined) reject(new Error(`exited before "${marker}"; output:\n${out.slice(-2000)}`));
      else resolve(t);
    });
  });
}
