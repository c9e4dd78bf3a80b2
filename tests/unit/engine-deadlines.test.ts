/**
 * What the client does when the other end misbehaves in ways a healthy engine
 * will not show on demand: it answers the ping and then goes quiet, drops the
 * connection in the middle of an archive, never reports an exec's exit code, or
 * writes on its own error stream (stream 3). A small HTTP server on a unix
 * socket plays that end; the real engine's behaviour is covered in tests/engine.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { DockerEngine } from '../../src/engine/client.js';
import { LabError } from '../../src/errors.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'musl-lab-deadlines-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;
let servers: http.Server[] = [];
const sockets = new Set<Socket>();
afterEach(async () => {
  for (const s of sockets) s.destroy();
  sockets.clear();
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  servers = [];
});

/** A fake engine: /_ping answers OK, every other request goes to `handle` (or `upgrade` for a hijack). */
async function fakeEngine(handle: Handler, upgrade?: (req: http.IncomingMessage, socket: Socket) => void): Promise<string> {
  const sock = path.join(dir, `e${servers.length}-${Date.now()}.sock`);
  const server = http.createServer((req, res) => {
    if (req.url?.endsWith('/_ping')) return void res.end('OK');
    handle(req, res);
  });
  server.on('connection', (s: Socket) => void sockets.add(s));
  if (upgrade) server.on('upgrade', (req, socket: Socket) => upgrade(req, socket));
  servers.push(server);
  await new Promise<void>((r) => server.listen(sock, r));
  return `unix://${sock}`;
}

const frame = (stream: number, text: string) => {
  const body = Buffer.from(text);
  const head = Buffer.alloc(8);
  head[0] = stream;
  head.writeUInt32BE(body.length, 4);
  return Buffer.concat([head, body]);
};

/** An exec whose start streams `frames`, and whose inspect answers `inspect`. */
function execEngine(frames: Buffer[], inspect: object): Promise<string> {
  return fakeEngine(
    (req, res) => {
      res.setHeader('Content-Type', 'application/json');
      if (req.url?.includes('/containers/c1/exec')) return void res.writeHead(201).end(JSON.stringify({ Id: 'x1' }));
      if (req.url?.includes('/exec/x1/json')) return void res.end(JSON.stringify(inspect));
      res.writeHead(404).end(JSON.stringify({ message: 'no such thing' }));
    },
    (_req, socket) => {
      socket.write('HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.raw-stream\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n');
      for (const f of frames) socket.write(f);
      socket.end();
    },
  );
}

const within = async <T>(p: Promise<T>, ms: number): Promise<{ value?: T; error?: unknown; ms: number }> => {
  const t0 = Date.now();
  const limit = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`still waiting after ${ms} ms`)), ms).unref());
  try {
    return { value: await Promise.race([p, limit]), ms: Date.now() - t0 };
  } catch (error) {
    return { error, ms: Date.now() - t0 };
  }
};

describe('deadlines on every call', () => {
  it('an engine that answers the ping and then goes quiet fails at the first-byte deadline, with the next step', async () => {
    const address = await fakeEngine(() => {}); // takes every request, answers none
    const engine = new DockerEngine({ DOCKER_HOST: address }, { firstByteMs: 300 });
    const r = await within(engine.listContainers('x'), 5000);
    expect(r.error).toBeInstanceOf(LabError);
    expect(r.error).toMatchObject({ kind: 'docker-unreachable', message: expect.stringMatching(/did not answer within 300 ms/) });
    expect((r.error as LabError).next).toMatch(/docker version/);
    expect(r.ms).toBeLessThan(3000);
  });

  it('an answer that starts and never finishes fails at the overall deadline', async () => {
    const address = await fakeEngine((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/x-tar' });
      res.write(Buffer.alloc(512)); // the first block of an archive, then nothing
    });
    const engine = new DockerEngine({ DOCKER_HOST: address }, { firstByteMs: 2000, totalMs: 500 });
    const r = await within(engine.getFile('c1', '/etc/hostname'), 5000);
    expect(r.error).toMatchObject({ kind: 'docker-unreachable', message: expect.stringMatching(/did not finish .* within 500 ms/) });
  });

  it('a connection dropped in the middle of an archive rejects instead of hanging', async () => {
    const address = await fakeEngine((req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/x-tar' });
      res.write(Buffer.alloc(300), () => req.socket.destroy());
    });
    const engine = new DockerEngine({ DOCKER_HOST: address });
    const r = await within(engine.getFile('c1', '/etc/hostname'), 5000);
    expect(r.error).toBeInstanceOf(LabError);
    expect(r.ms).toBeLessThan(3000);
  });
});

describe('exec', () => {
  it('returns the exit code the engine reports, with the output split by stream', async () => {
    const address = await execEngine([frame(1, 'out'), frame(2, 'err')], { Running: false, ExitCode: 7 });
    const engine = new DockerEngine({ DOCKER_HOST: address });
    const out: string[] = [];
    const err: string[] = [];
    const r = await engine.exec('c1', { cmd: ['true'], user: '0' }, { stdout: (b) => out.push(b.toString()), stderr: (b) => err.push(b.toString()) });
    expect(r).toEqual({ exitCode: 7 });
    expect([out.join(''), err.join('')]).toEqual(['out', 'err']);
  });

  it('an exit code the engine never reports is an error, not a silent null', async () => {
    const address = await execEngine([frame(1, 'out')], { Running: true, ExitCode: null });
    const engine = new DockerEngine({ DOCKER_HOST: address });
    const r = await within(engine.exec('c1', { cmd: ['true'], user: '0' }, { stdout: () => {}, stderr: () => {} }), 10_000);
    expect(r.error).toMatchObject({ message: expect.stringMatching(/did not report its exit status/) });
  });

  it("the engine's own error stream (3) is an engine error, never the program's output", async () => {
    const address = await execEngine([frame(1, 'out'), frame(3, 'OCI runtime exec failed: no such file')], { Running: false, ExitCode: 126 });
    const engine = new DockerEngine({ DOCKER_HOST: address });
    const out: string[] = [];
    const r = await within(engine.exec('c1', { cmd: ['nope'], user: '0' }, { stdout: (b) => out.push(b.toString()), stderr: (b) => out.push(b.toString()) }), 5000);
    expect(r.error).toMatchObject({ message: expect.stringMatching(/reported an error .*OCI runtime exec failed/) });
    expect(out.join('')).toBe('out');
  });
});

describe('attach', () => {
  it("the engine's error stream ends the attach with that error, and the output before it still arrives", async () => {
    const address = await fakeEngine(
      () => {}, // the wait for the container's exit never answers
      (_req, socket) => {
        socket.write('HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.multiplexed-stream\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n');
        socket.write(Buffer.concat([frame(1, '@ready\n'), frame(3, 'container c1 is restarting')]));
      },
    );
    const engine = new DockerEngine({ DOCKER_HOST: address });
    const attached = await engine.attach('c1');
    const out: string[] = [];
    attached.onStdout((b) => out.push(b.toString()));
    const closed = await within(new Promise<LabError | undefined>((resolve) => attached.onClose(resolve)), 5000);
    expect(closed.value).toBeInstanceOf(LabError);
    expect(closed.value?.message).toMatch(/reported an error .*container c1 is restarting/);
    expect(out.join('')).toBe('@ready\n');
  });
});
