/**
 * The agent: a few lines of sh running as PID 1 of each environment
 * container, reading one request per line from the attached stdin and running
 * it. A Docker exec costs ~55 ms here; a request through the agent costs about
 * a fork. As PID 1 it cannot be killed from inside the container (the kernel
 * ignores SIGKILL to a namespace's init), so the learner's `kill -9 -1`
 * cleanup leaves it standing; it also reaps orphans, like an init.
 */
import { randomBytes } from 'node:crypto';
import { LabError } from '../errors.js';
import { EndMarker } from './capture.js';
import type { Attached } from './engine.js';

/** Request: "<id> <base64 script>\n". Reply: the script's output, then "\n<id> <status>\n" on both streams. */
export const AGENT_SCRIPT = [
  'while IFS= read -r line; do',
  '  id=${line%% *}',
  "  if printf '%s' \"${line#* }\" | base64 -d > /lab/.request; then sh /lab/.request </dev/null; rc=$?; else rc=125; fi",
  "  printf '\\n%s %s\\n' \"$id\" \"$rc\"",
  "  printf '\\n%s %s\\n' \"$id\" \"$rc\" >&2",
  'done',
].join('\n');

interface Pending {
  out: EndMarker;
  err: EndMarker;
  settle: () => void;
  fail: (e: Error) => void;
}

export class Agent {
  private pending: Pending | null = null;
  private deadReason: string | null = null;
  /** Set when the lab itself shuts the environment down (exit, Ctrl-C): not a failure. */
  private closing = false;

  constructor(
    private readonly attached: Attached,
    private readonly envName: string,
  ) {
    attached.onStdout((b) => {
      this.pending?.out.push(b);
      this.pending?.settle();
    });
    attached.onStderr((b) => {
      this.pending?.err.push(b);
      this.pending?.settle();
    });
    attached.onClose(() => {
      this.deadReason ??= 'its main process ended';
      this.pending?.fail(this.closing ? new LabError('cancelled', 'The lab was stopped while a program ran.', 'Run it again when you are ready.') : this.deathError());
    });
  }

  get alive(): boolean {
    return this.deadReason === null;
  }

  private deathError(): LabError {
    return new LabError('internal', `The ${this.envName} environment stopped unexpectedly (${this.deadReason}).`, 'Run it again: the lab starts a fresh environment. If it keeps happening, check `musl-lab doctor`.');
  }

  /** Run one script; resolves with its exit status once both streams have ended. One at a time. */
  run(script: string, sinks: { stdout: (b: Buffer) => void; stderr: (b: Buffer) => void }): Promise<{ exitCode: number }> {
    if (!this.alive) return Promise.reject(this.deathError());
    if (this.pending) return Promise.reject(new LabError('internal', 'The agent got two requests at once.', 'This is a bug in musl-lab; please report it.'));
    const id = `musl-lab-end-${randomBytes(8).toString('hex')}`;
    return new Promise((resolve, reject) => {
      const out = new EndMarker(id, sinks.stdout);
      const err = new EndMarker(id, sinks.stderr);
      this.pending = {
        out,
        err,
        settle: () => {
          if (out.done && err.done) {
            this.pending = null;
            resolve({ exitCode: out.status! });
          }
        },
        fail: (e) => {
          this.pending = null;
          reject(e);
        },
      };
      this.attached.write(`${id} ${Buffer.from(script).toString('base64')}\n`);
    });
  }

  close(): void {
    this.closing = true;
    this.attached.close();
  }
}
