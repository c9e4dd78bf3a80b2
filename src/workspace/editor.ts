/**
 * Opening a file in the learner's editor: --edit-cmd, else $VISUAL, else
 * $EDITOR. The command is run through the shell with the file as its last
 * word, so "code --wait" or "vim -p" work as written.
 */
import { spawn } from 'node:child_process';

/** The editor command to use, or undefined when none is configured. */
export function editorCommand(env: NodeJS.ProcessEnv, editCmd?: string): string | undefined {
  return [editCmd, env.VISUAL, env.EDITOR].find((c) => c && c.trim())?.trim();
}

export const shellQuote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;

/** Run the editor attached to the terminal; resolves with its exit code. */
export function openInEditor(command: string, file: string, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(`${command} ${shellQuote(file)}`, { shell: true, stdio: 'inherit', env });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}
