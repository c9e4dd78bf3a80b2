/**
 * The engine's HTTP API spoken directly, for the calls a lab makes on every
 * command (inspect, list, create, start, attach, exec, copy, remove). Loading
 * dockerode and its dependencies cost more than the work itself on a warm
 * `compare`; these calls are a dozen plain requests. engine.ts is still the one
 * door: this is its transport, and dockerode stays for builds, pulls, imports
 * and image export, which are rare and streamed.
 *
 * Addresses are read the way the docker CLI reads them: unix:// sockets,
 * tcp:// (TLS when DOCKER_TLS_VERIFY=1 or port 2376, certificates from
 * DOCKER_CERT_PATH), and ssh:// through `ssh HOST docker system dial-stdio`,
 * which is what the docker CLI itself runs.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { Duplex, type Readable } from 'node:stream';
import type { EndpointTls } from './endpoint.js';

/** An error the engine answered (status and its message) or the socket raised (code). */
export class EngineHttpError extends Error {
  constructor(
    message: string,
    readonly statusCode?: number,
    readonly json?: { message?: string },
  ) {
    super(message);
  }
}

interface Connection {
  module: typeof http | typeof https;
  options: http.RequestOptions & https.RequestOptions;
}

/** How to reach an engine address; `tls` is a docker context's (null: plain HTTP), else DOCKER_TLS_VERIFY/DOCKER_CERT_PATH decide. */
export function connectionFor(address: string, env: NodeJS.ProcessEnv = process.env, contextTls?: EndpointTls | null): Connection {
  const agentOptions = { keepAlive: true };
  if (address.startsWith('unix://')) {
    // servername '': a socket has no TLS name; otherwise Node's agent checks the host with isIP, whose IPv6 regex takes 5-25 ms to compile
    return { module: http, options: { socketPath: address.slice('unix://'.length) || '/var/run/docker.sock', servername: '', agent: new http.Agent(agentOptions) } };
  }
  if (address.startsWith('npipe://')) {
    return { module: http, options: { socketPath: address.slice('npipe://'.length).replace(/\//g, '\\') || '\\\\.\\pipe\\docker_engine', agent: new http.Agent(agentOptions) } };
  }
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(address)?.[1]?.toLowerCase();
  const url = new URL(scheme ? address : `tcp://${address}`);
  if (scheme === 'ssh') {
    return { module: http, options: { agent: new DialStdioAgent(url) } };
  }
  if (contextTls !== undefined) {
    if (!contextTls) return { module: http, options: { host: url.hostname, port: Number(url.port || '2375'), agent: new http.Agent(agentOptions) } };
    const { ca, cert, key, skipVerify } = contextTls;
    return { module: https, options: { host: url.hostname, port: Number(url.port || '2376'), ca, cert, key, rejectUnauthorized: !skipVerify, agent: new https.Agent(agentOptions) } };
  }
  const port = url.port || (scheme === 'https' ? '2376' : '2375');
  const tls = scheme === 'https' || env.DOCKER_TLS_VERIFY === '1' || port === '2376';
  if (!tls) return { module: http, options: { host: url.hostname, port: Number(port), agent: new http.Agent(agentOptions) } };
  const certs = env.DOCKER_CERT_PATH || path.join(os.homedir(), '.docker');
  const read = (f: string) => {
    try {
      return readFileSync(path.join(certs, f));
    } catch {
      return undefined; // a server certificate from a public CA needs no ca.pem
    }
  };
  return {
    module: https,
    options: { host: url.hostname, port: Number(port), ca: read('ca.pem'), cert: read('cert.pem'), key: read('key.pem'), rejectUnauthorized: env.DOCKER_TLS_VERIFY !== '0', agent: new https.Agent(agentOptions) },
  };
}

/** Connections to a remote engine over ssh, kept alive between requests like sockets (one ssh each). */
class DialStdioAgent extends http.Agent {
  constructor(private readonly url: URL) {
    super({ keepAlive: true });
  }

  override createConnection(): Duplex {
    return dialStdio(this.url);
  }
}

/** A stream to a remote engine over ssh, as the docker CLI makes it. */
function dialStdio(url: URL): Duplex {
  const target = `${url.username ? `${url.username}@` : ''}${url.hostname}`;
  const args = [...(url.port ? ['-p', url.port] : []), '-o', 'BatchMode=yes', '--', target, 'docker', 'system', 'dial-stdio'];
  const child = spawn('ssh', args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let said = '';
  child.stderr.on('data', (b: Buffer) => void (said = (said + b.toString()).slice(-500)));
  const duplex = Duplex.from({ readable: child.stdout, writable: child.stdin });
  child.on('error', (e) => duplex.destroy(e));
  child.on('exit', (code) => {
    if (code) duplex.destroy(Object.assign(new Error(`ssh ${target} failed (exit ${code}): ${said.trim()}`), { code: 'ECONNREFUSED' }));
  });
  duplex.on('close', () => child.kill());
  // http's agent treats its connections as sockets: keep-alive, timeouts and ref counting mean nothing for a pipe
  // (the pipes are sockets underneath: an idle kept-alive ssh must not keep the process alive)
  const pipes = [child.stdout, child.stdin, child.stderr] as unknown as { ref?(): void; unref?(): void }[];
  return Object.assign(duplex, {
    setKeepAlive: () => duplex,
    setNoDelay: () => duplex,
    setTimeout: () => duplex,
    ref: () => (pipes.forEach((p) => p.ref?.()), child.ref(), duplex),
    unref: () => (pipes.forEach((p) => p.unref?.()), child.unref(), duplex),
  });
}

export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined>;
  /** JSON body (an object) or raw bytes (a tar archive). */
  body?: unknown;
  contentType?: string;
  signal?: AbortSignal;
}

export class EngineHttp {
  constructor(private readonly conn: Connection) {}

  /** End every connection, and with them the requests still waiting on them (an engine that never answers). */
  destroy(): void {
    (this.conn.options.agent as http.Agent | undefined)?.destroy();
  }

  private path(p: string, query: RequestOptions['query']): string {
    const q = Object.entries(query ?? {})
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
    return q.length ? `${p}?${q.join('&')}` : p;
  }

  private start(method: string, p: string, o: RequestOptions, headers: Record<string, string> = {}): { req: http.ClientRequest; body: Buffer | undefined } {
    const body = o.body === undefined ? undefined : Buffer.isBuffer(o.body) ? o.body : Buffer.from(JSON.stringify(o.body));
    const req = this.conn.module.request({
      ...this.conn.options,
      method,
      path: this.path(p, o.query),
      signal: o.signal,
      headers: {
        ...(body ? { 'Content-Type': o.contentType ?? 'application/json', 'Content-Length': String(body.length) } : {}),
        ...headers,
      },
    });
    return { req, body };
  }

  /** A request whose answer is read whole; a status of 400 or more is an EngineHttpError. */
  async call(method: string, p: string, o: RequestOptions = {}): Promise<{ status: number; body: Buffer }> {
    const res = await this.open(method, p, o);
    const body = await readAll(res);
    return { status: res.statusCode ?? 0, body };
  }

  /** call() with the answer parsed as JSON (an empty answer is null). */
  async json<T>(method: string, p: string, o: RequestOptions = {}): Promise<T> {
    const { body } = await this.call(method, p, o);
    return (body.length ? JSON.parse(body.toString('utf8')) : null) as T;
  }

  /** A request whose answer is streamed (an archive); errors are read whole first. */
  open(method: string, p: string, o: RequestOptions = {}): Promise<http.IncomingMessage> {
    return new Promise((resolve, reject) => {
      const { req, body } = this.start(method, p, o);
      req.on('error', reject);
      req.on('response', (res) => {
        const status = res.statusCode ?? 0;
        if (status < 400) return resolve(res);
        readAll(res).then((b) => reject(answerError(status, b)), reject);
      });
      req.end(body);
    });
  }

  /**
   * A hijacked connection (attach, exec start): after the engine's "101 Upgrade"
   * the socket carries the process's stdin one way and its multiplexed output the other.
   */
  upgrade(method: string, p: string, o: RequestOptions = {}): Promise<Duplex> {
    return new Promise((resolve, reject) => {
      const { req, body } = this.start(method, p, o, { Connection: 'Upgrade', Upgrade: 'tcp' });
      req.on('error', reject);
      req.on('upgrade', (_res, socket, head) => {
        if (head.length) socket.unshift(head);
        resolve(socket);
      });
      req.on('response', (res) => {
        readAll(res).then((b) => reject(answerError(res.statusCode ?? 0, b, 'the engine did not switch the connection to a stream')), reject);
      });
      req.end(body);
    });
  }
}

function answerError(status: number, body: Buffer, otherwise?: string): EngineHttpError {
  let message = body.toString('utf8').trim();
  try {
    message = (JSON.parse(message) as { message?: string }).message ?? message;
  } catch {
    // plain text (some proxies answer in HTML or text)
  }
  if (!message || status < 400) message = otherwise ? `${otherwise} (HTTP ${status})` : `HTTP ${status}`;
  return new EngineHttpError(message, status, { message });
}

async function readAll(s: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of s) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Split the engine's multiplexed output (Tty off): frames of an 8-byte header
 * (stream 1 = stdout, 2 = stderr; then a big-endian length) and the bytes.
 * Returns a function to push the connection's chunks into, in order.
 */
export function demultiplexer(stdout: (b: Buffer) => void, stderr: (b: Buffer) => void): (chunk: Buffer) => void {
  let pending: Buffer = Buffer.alloc(0);
  return (chunk) => {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    while (pending.length >= 8) {
      const size = pending.readUInt32BE(4);
      if (pending.length < 8 + size) break;
      const payload = pending.subarray(8, 8 + size);
      if (pending[0] === 2) stderr(payload);
      else stdout(payload); // 0 (stdin echo) and 1 both carry what the process wrote
      pending = pending.subarray(8 + size);
    }
  };
}
