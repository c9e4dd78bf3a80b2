/**
 * The wire format between the lab and its agent (docker/agent/lab-agent.c),
 * as pure functions: encoding a request, and reading the agent's frames back
 * from a byte stream that may arrive in any chunking. Binary-safe both ways:
 * sources, stdin and output are bytes, never decoded here.
 */

/** One request field: key and bytes. Repeated keys (b, a) keep their order. */
export type Field = [key: string, value: string | Buffer];

/** "R <id> <length>\n" then each field as "<key> <length>\n<bytes>\n". */
export function encodeRequest(id: string, fields: Field[]): Buffer {
  if (!/^[A-Za-z0-9-]{1,63}$/.test(id)) throw new Error(`bad request id ${id}`);
  const parts: Buffer[] = [];
  for (const [key, value] of fields) {
    if (!/^[A-Za-z0-9_:.+-]+$/.test(key)) throw new Error(`bad request key ${JSON.stringify(key)}`);
    const v = typeof value === 'string' ? Buffer.from(value) : value;
    parts.push(Buffer.from(`${key} ${v.length}\n`), v, Buffer.from('\n'));
  }
  const body = Buffer.concat(parts);
  return Buffer.concat([Buffer.from(`R ${id} ${body.length}\n`), body]);
}

/** What one request asks of the agent: the keys docker/agent/lab-agent.c reads, typed. */
export type AgentRequest =
  | { kind: 'ping' }
  /** Remove a session's kept folders, each as its owner. */
  | { kind: 'purge'; session: string }
  | {
      kind: 'run';
      uid: number;
      cwd: string;
      limits: { nproc: number; fsizeKiB: number; keepBytes: number; hardBytes: number; buildMs: number; runMs: number; stackKiB?: number | 'unlimited' };
      files: { name: string; content: string | Buffer }[];
      stdin?: string | Buffer;
      /** Checked names (isEnvVarName): the agent takes any key. */
      env: Record<string, string>;
      /** argv of the build, then of the run (either may be empty). */
      build: string[];
      run: string[];
      /** Remove the request's folder afterwards (nothing of it is run later). */
      drop: boolean;
    };

/** The fields of a request, in the order the agent reads them. */
export function requestFields(r: AgentRequest): Field[] {
  if (r.kind === 'ping') return [['ping', '1']];
  if (r.kind === 'purge') return [['purge', r.session]];
  const l = r.limits;
  const fields: Field[] = [
    ['uid', String(r.uid)],
    ['cwd', r.cwd],
    ['nproc', String(l.nproc)],
    ['fsize_kib', String(l.fsizeKiB)],
    ['keep', String(l.keepBytes)],
    ['hard', String(l.hardBytes)],
    ['build_ms', String(l.buildMs)],
    ['run_ms', String(l.runMs)],
  ];
  for (const f of r.files) fields.push([`f:${f.name}`, f.content]);
  if (r.stdin !== undefined) fields.push(['stdin', r.stdin]);
  for (const [k, v] of Object.entries(r.env)) fields.push([`e:${k}`, v]);
  if (l.stackKiB !== undefined) fields.push(['stack_kib', String(l.stackKiB)]);
  for (const a of r.build) fields.push(['b', a]);
  for (const a of r.run) fields.push(['a', a]);
  if (r.drop) fields.push(['drop', '1']);
  return fields;
}

export type AgentEvent =
  | { type: 'ready'; version: string }
  | { type: 'phase'; id: string; phase: 'compiling' | 'running' }
  /** The uid the request's processes run as (a fresh one per request): what a cancel must kill. */
  | { type: 'uid'; id: string; uid: number }
  | { type: 'built'; id: string; status: number; ms: number; timedOut: boolean }
  | { type: 'ran'; id: string; status: number; ms: number; timedOut: boolean; flooded: boolean; cpuMs: number }
  | { type: 'data'; id: string; stream: 'diag' | 'out' | 'err'; kept: Buffer; total: number }
  | { type: 'end'; id: string; leftovers: number }
  | { type: 'error'; id: string; text: string }
  /** Anything the agent's stream held that is not a frame (e.g. the agent's compiler failing at start). */
  | { type: 'noise'; text: string };

/**
 * Reads frames from the agent's stdout. Lines start with "@"; a data frame's
 * header is followed by exactly <kept> raw bytes.
 */
export class FrameReader {
  private buf: Buffer = Buffer.alloc(0);
  /** Bytes of a data frame still to come, and its header. */
  private pending: { id: string; stream: 'diag' | 'out' | 'err'; kept: number; total: number } | null = null;

  constructor(private readonly emit: (e: AgentEvent) => void) {}

  push(chunk: Buffer): void {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    for (;;) {
      if (this.pending) {
        if (this.buf.length < this.pending.kept) return;
        const p = this.pending;
        this.pending = null;
        const kept = Buffer.from(this.buf.subarray(0, p.kept));
        this.buf = this.buf.subarray(p.kept);
        this.emit({ type: 'data', id: p.id, stream: p.stream, kept, total: p.total });
        continue;
      }
      const nl = this.buf.indexOf(0x0a);
      if (nl < 0) return;
      const line = this.buf.subarray(0, nl).toString('latin1');
      this.buf = this.buf.subarray(nl + 1);
      this.line(line);
    }
  }

  private line(line: string): void {
    const w = line.split(' ');
    const id = (w[0] ?? '').slice(1);
    const n = (i: number) => Number(w[i]);
    if (!line.startsWith('@')) return this.emit({ type: 'noise', text: line });
    if (id === 'ready') return this.emit({ type: 'ready', version: w[1] ?? '' });
    switch (w[1]) {
      case 'phase':
        if (w[2] === 'compiling' || w[2] === 'running') return this.emit({ type: 'phase', id, phase: w[2] });
        break;
      case 'uid':
        if (Number.isInteger(n(2))) return this.emit({ type: 'uid', id, uid: n(2) });
        break;
      case 'built':
        return this.emit({ type: 'built', id, status: n(2), ms: n(3), timedOut: w[4] === '1' });
      case 'ran':
        return this.emit({ type: 'ran', id, status: n(2), ms: n(3), timedOut: w[4] === '1', flooded: w[5] === '1', cpuMs: n(6) });
      case 'data':
        if (w[2] === 'diag' || w[2] === 'out' || w[2] === 'err') {
          this.pending = { id, stream: w[2], kept: n(3), total: n(4) };
          return;
        }
        break;
      case 'end':
        return this.emit({ type: 'end', id, leftovers: n(2) });
      case 'error':
        return this.emit({ type: 'error', id, text: w.slice(2).join(' ') });
    }
    this.emit({ type: 'noise', text: line });
  }
}

/** What one request came back with. */
export interface AgentReply {
  build?: { status: number; ms: number; timedOut: boolean };
  run?: { status: number; ms: number; timedOut: boolean; flooded: boolean; cpuMs: number };
  diag: { kept: Buffer; total: number };
  out: { kept: Buffer; total: number };
  err: { kept: Buffer; total: number };
  /** Processes of the learner's uid still alive after the request: 0, or the lab failed to clean up. */
  leftovers: number;
}

/** Collects one request's events into its reply. */
export class ReplyBuilder {
  readonly reply: AgentReply = { diag: empty(), out: empty(), err: empty(), leftovers: 0 };
  error: string | null = null;

  /** Returns true when the request is complete. */
  take(e: AgentEvent): boolean {
    switch (e.type) {
      case 'built':
        this.reply.build = { status: e.status, ms: e.ms, timedOut: e.timedOut };
        break;
      case 'ran':
        this.reply.run = { status: e.status, ms: e.ms, timedOut: e.timedOut, flooded: e.flooded, cpuMs: e.cpuMs };
        break;
      case 'data':
        this.reply[e.stream] = { kept: e.kept, total: e.total };
        break;
      case 'error':
        this.error = e.text;
        break;
      case 'end':
        this.reply.leftovers = e.leftovers;
        return true;
    }
    return false;
  }
}

const empty = () => ({ kept: Buffer.alloc(0), total: 0 });
