/**
 * The lab's side of the agent (docker/agent/lab-agent.c), PID 1 of each
 * environment container: it is compiled in the container when the container
 * starts (unless the image already holds this version), then reads requests
 * from the attached stdin and answers in frames (agent-protocol.ts).
 *
 * The agent runs as root with only CAP_SETUID/CAP_SETGID and runs learner
 * code as another uid, so learner code can neither write its channel nor
 * trace or signal it. Its stdin closes when this process goes away (StdinOnce),
 * the agent then exits and the container removes itself: nothing outlives a
 * lab, even one killed with kill -9.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { BugError, LabError } from '../errors.js';
import { projectFile } from '../util/project-root.js';
import { type AgentReply, FrameReader, ReplyBuilder, encodeRequest, requestFields, type AgentEvent, type Field } from './agent-protocol.js';
import type { Attached } from '../engine/engine.js';

export const AGENT_SOURCE = () => projectFile('docker', 'agent', 'lab-agent.c');
/** Where the agent's binary lives: named by its source's hash, so an image holding an older agent is never used with a newer lab. */
const agentBin = () => `/opt/musl-lab/agent-${agentHash()}`;
/** The compile, as root into a root-owned folder the learner cannot write (image build or container start alike). */
export const AGENT_BUILD_FOR = (bin: string) => `mkdir -p /opt/musl-lab && gcc -O2 -o ${bin} /opt/musl-lab/agent.c`;

let source: string | undefined;
let hash: string | undefined;
/** A short hash of the agent's source (warm containers are matched by it; worked out once). */
export function agentHash(): string {
  return (hash ??= createHash('sha256').update(agentSource()).digest('hex').slice(0, 12));
}

/** The agent's C source (read once). */
export function agentSource(): string {
  return (source ??= readFileSync(AGENT_SOURCE(), 'utf8'));
}

/**
 * The container's command: use the agent the image holds, else compile it
 * (as root, into a root-owned folder the learner cannot write), then become it.
 * The source travels in the environment; the compiler's words, if any, reach
 * the lab as noise before "@ready".
 */
export function agentCommand(idleSeconds: number): { cmd: string[]; env: string[] } {
  const bin = agentBin();
  // the image's filesystem may be read-only: an agent not in the image is compiled into /run (a root-owned tmpfs)
  const run = `/run/musl-lab/agent-${agentHash()}`;
  const script = [
    'umask 022',
    `bin=${bin}`,
    `if [ ! -x $bin ]; then bin=${run}; mkdir -p /run/musl-lab && printf %s "$MUSL_LAB_AGENT_SRC" > /run/musl-lab/agent.c && gcc -O2 -o $bin /run/musl-lab/agent.c 2>&1 || exit 125; fi`,
    'unset MUSL_LAB_AGENT_SRC',
    `exec $bin ${Math.max(0, Math.floor(idleSeconds))}`,
  ].join('\n');
  return { cmd: ['sh', '-c', script], env: [`MUSL_LAB_AGENT_SRC=${agentSource()}`] };
}

/** The image build's step that compiles the agent (images.ts). */
export const agentBuildStep = () => AGENT_BUILD_FOR(agentBin());

/** The agent's "error <kind> <text>" as the lab's failure: a full disk and a too large request are said as such. */
export function agentRefusal(envName: string, said: string): LabError {
  const [kind = '', ...rest] = said.split(' ');
  const text = rest.join(' ');
  if (kind === 'full') {
    return new LabError('disk-full', `No room left in the ${envName} environment's /lab or /tmp (${text}).`, 'Run `musl-lab stop` to start with fresh environments; if a program of yours writes large files, make it write less.');
  }
  if (kind === 'too-big') {
    return new LabError('bad-input', `The program's arguments and environment are too large to start it in ${envName} (${text}).`, 'Pass fewer or shorter arguments and variables (Linux takes about 2 MB in all, 128 KiB per word).');
  }
  if (kind === 'request' && /larger than|more than/.test(text)) {
    return new LabError('bad-input', `The ${envName} environment refused the run: ${text}.`, 'Give fewer or smaller files, arguments and input.');
  }
  return new BugError(`The ${envName} environment's agent refused a request: ${said}`);
}

interface Pending {
  id: string;
  builder: ReplyBuilder;
  onPhase: (phase: 'compiling' | 'running') => void;
  /** The request's own uid, once the agent said it. */
  uid?: number;
  resolve: (r: AgentReply) => void;
  reject: (e: Error) => void;
}

export class Agent {
  private pending: Pending | null = null;
  private deadReason: string | null = null;
  /** Set when the lab itself shuts the environment down (exit, Ctrl-C): not a failure. */
  private closing = false;
  private readonly ready: Promise<void>;
  /** What the agent's stream said that was not a frame (its compiler's errors, say). */
  private readonly noise: string[] = [];

  constructor(
    private readonly attached: Attached,
    private readonly envName: string,
    o: { startTimeoutMs?: number; /** attached to an agent that started long ago (a warm container): ask it */ running?: boolean } = {},
  ) {
    const startTimeoutMs = o.startTimeoutMs ?? (o.running ? 10_000 : 60_000);
    const pingId = o.running ? `ping-${randomBytes(6).toString('hex')}` : null;
    let readyResolve!: () => void;
    let readyReject!: (e: Error) => void;
    this.ready = new Promise((res, rej) => ((readyResolve = res), (readyReject = rej)));
    this.ready.catch(() => undefined);
    const timer = setTimeout(() => {
      readyReject(this.startError('it did not answer in time'));
      // nothing more is asked of it: its connection must not keep this process alive
      this.deadReason ??= 'it did not answer in time';
      attached.close();
    }, startTimeoutMs);
    timer.unref?.();
    const reader = new FrameReader((e: AgentEvent) => {
      if (e.type === 'ready' || (e.type === 'end' && e.id === pingId)) {
        clearTimeout(timer);
        return readyResolve();
      }
      if (e.type === 'noise') return this.heard(e.text);
      const p = this.pending;
      // a header the agent could not read at all: the request in flight caused it, and the stream is out of step
      if (p && e.type === 'error' && e.id === '-') {
        this.pending = null;
        p.reject(agentRefusal(this.envName, e.text));
        this.deadReason = 'its request stream got out of step';
        attached.close();
        return;
      }
      if (!p || !('id' in e) || e.id !== p.id) return;
      if (e.type === 'phase') return p.onPhase(e.phase);
      if (e.type === 'uid') return void (p.uid = e.uid);
      if (p.builder.take(e)) {
        this.pending = null;
        if (p.builder.error) p.reject(agentRefusal(this.envName, p.builder.error));
        else p.resolve(p.builder.reply);
      }
    });
    attached.onStdout((b) => reader.push(b));
    attached.onStderr((b) => {
      for (const l of b.toString().split('\n')) if (l.trim()) this.heard(l);
    });
    // an agent that is already running said "@ready" long ago: a ping answers instead
    if (pingId) attached.write(encodeRequest(pingId, requestFields({ kind: 'ping' })));
    attached.onClose((engineError) => {
      clearTimeout(timer);
      this.deadReason ??= engineError?.message ?? 'its main process ended';
      const err = this.closing ? new LabError('cancelled', 'The lab was stopped while a program ran.', 'Run it again when you are ready.') : (engineError ?? this.deathError());
      readyReject(this.noise.length ? this.startError(this.noise.slice(-5).join(' | ')) : err);
      this.pending?.reject(err);
      this.pending = null;
    });
  }

  /** Keep the last lines the agent said outside its frames (for the message if it fails to start). */
  private heard(line: string): void {
    this.noise.push(line);
    if (this.noise.length > 20) this.noise.shift();
  }

  get alive(): boolean {
    return this.deadReason === null;
  }

  /** A request is under way (a program may be running). */
  get busy(): boolean {
    return this.pending !== null;
  }

  /** The uid of the request under way (each request has its own), if the agent said it yet. */
  get requestUid(): number | null {
    return this.pending?.uid ?? null;
  }

  /** Resolves once the agent said it is ready (it may have had to compile itself first). */
  whenReady(): Promise<void> {
    return this.ready;
  }

  private startError(why: string): LabError {
    return new LabError('internal', `The ${this.envName} environment's agent did not start: ${why}.`, 'Rebuild the lab images (`musl-lab images build --force`); if it keeps happening, run `musl-lab doctor` and report its output.');
  }

  private deathError(): LabError {
    return new LabError('internal', `The ${this.envName} environment stopped unexpectedly (${this.deadReason}).`, 'Run it again: the lab starts a fresh environment. If it keeps happening, check `musl-lab doctor`.');
  }

  /** Send one request; resolves with its reply. One at a time (the Lab queues per environment). */
  async request(fields: Field[], onPhase: (phase: 'compiling' | 'running') => void = () => {}): Promise<AgentReply> {
    await this.ready;
    if (!this.alive) throw this.deathError();
    if (this.pending) throw new BugError('The agent got two requests at once.');
    const id = randomBytes(8).toString('hex');
    return new Promise((resolve, reject) => {
      this.pending = { id, builder: new ReplyBuilder(), onPhase, resolve, reject };
      this.attached.write(encodeRequest(id, fields));
    });
  }

  close(): void {
    this.closing = true;
    this.attached.close();
  }
}
