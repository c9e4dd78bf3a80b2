/**
 * The engine's HTTP transport (engine-http.ts): addresses read as the docker
 * CLI reads them, the multiplexed output split exactly, and answers, errors
 * and connection upgrades handled over a real socket (a small HTTP server on a
 * unix socket here; the engine tests drive the real engine through it).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineHttp, EngineHttpError, connectionFor, demultiplexer } from '../../src/lab/engine-http.js';

const frame = (stream: number, text: string) => {
  const body = Buffer.from(text);
  const head = Buffer.alloc(8);
  head[0] = stream;
  head.writeUInt32BE(body.length, 4);
  return Buffer.concat([head, body]);
};

describe('demultiplexer', () => {
  it('splits stdout and stderr frames, however the connection cuts them', () => {
    const all = Buffer.concat([frame(1, 'hello '), frame(2, 'oops'), frame(1, 'world'), frame(1, '')]);
    for (const cut of [1, 3, 7, 8, 9, 13, all.length]) {
      const out: string[] = [];
      const err: string[] = [];
      const push = demultiplexer((b) => out.push(b.toString()), (b) => err.push(b.toString()));
      for (let i = 0; i < all.length; i += cut) push(all.subarray(i, i + cut));
      expect(out.join(''), `chunks of ${cut}`).toBe('hello world');
      expect(err.join('')).toBe('oops');
    }
  });

  it('holds an incomplete frame until its last byte arrives', () => {
    const out: string[] = [];
    const push = demultiplexer((b) => out.push(b.toString()), () => {});
    const f = frame(1, 'abcdef');
    push(f.subarray(0, 10));
    expect(out).toEqual([]);
    push(f.subarray(10));
    expect(out).toEqual(['abcdef']);
  });
});

describe('connectionFor: addresses as the docker CLI reads them', () => {
  it('unix sockets, with the default path when none is given', () => {
    expect(connectionFor('unix:///run/user/1000/podman/podman.sock').options.socketPath).toBe('/run/user/1000/podman/podman.sock');
    expect(connectionFor('unix://').options.socketPath).toBe('/var/run/docker.sock');
  });

  it('tcp is plain HTTP on 2375, TLS on 2376 or with DOCKER_TLS_VERIFY=1', () => {
    const plain = connectionFor('tcp://127.0.0.1:2375', {});
    expect(plain.module).toBe(http);
    expect([plain.options.host, plain.options.port]).toEqual(['127.0.0.1', 2375]);
    expect(connectionFor('tcp://engine.example:2376', {}).module).toBe(https);
    expect(connectionFor('tcp://engine.example:4000', { DOCKER_TLS_VERIFY: '1' }).module).toBe(https);
    expect(connectionFor('engine.example:2375', {}).options.host).toBe('engine.example'); // no scheme: a TCP host
  });

  it('TLS reads the certificates from DOCKER_CERT_PATH', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'musl-lab-certs-'));
    try {
      await writeFile(path.join(dir, 'ca.pem'), 'CA');
      await writeFile(path.join(dir, 'cert.pem'), 'CERT');
      await writeFile(path.join(dir, 'key.pem'), 'KEY');
      const c = connectionFor('tcp://engine.example:2376', { DOCKER_CERT_PATH: dir, DOCKER_TLS_VERIFY: '1' });
      expect([String(c.options.ca), String(c.options.cert), String(c.options.key)]).toEqual(['CA', 'CERT', 'KEY']);
      expect(c.options.rejectUnauthorized).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('ssh goes through a connection of its own (ssh HOST docker system dial-stdio), not a TCP port', () => {
    const c = connectionFor('ssh://ada@engine.example:2222', {});
    const agent = c.options.agent as http.Agent;
    expect(agent).toBeInstanceOf(http.Agent); // kept alive like sockets
    expect(agent.createConnection).not.toBe(http.Agent.prototype.createConnection);
    expect(c.options.host).toBeUndefined();
  });
});

describe('EngineHttp over a real socket', () => {
  let dir: string;
  let server: http.Server;
  let client: EngineHttp;
  const upgraded: { destroy(): void }[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'musl-lab-http-'));
    const sock = path.join(dir, 'engine.sock');
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        if (req.url === '/containers/json?all=1&filters=%7B%22label%22%3A%5B%22x%22%5D%7D') return res.end(JSON.stringify([{ Id: 'abc' }]));
        if (req.url === '/echo') return res.end(JSON.stringify({ method: req.method, type: req.headers['content-type'], body }));
        if (req.url === '/missing') return res.writeHead(404, { 'Content-Type': 'application/json' }).end('{"message":"No such image: x:1"}');
        if (req.url === '/text-error') return res.writeHead(500).end('engine on fire');
        if (req.url === '/no-upgrade') return res.writeHead(200).end('plain');
        res.writeHead(400).end();
      });
    });
    // an attach: the engine answers 101 and the socket then carries frames (here: an echo of stdin as stdout)
    server.on('upgrade', (req, socket) => {
      upgraded.push(socket);
      if (req.url === '/no-upgrade') return void socket.end('HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nplain');
      socket.write('HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.raw-stream\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n');
      socket.write(frame(2, 'ready\n'));
      socket.on('data', (b: Buffer) => socket.write(frame(1, b.toString().toUpperCase())));
      socket.on('end', () => socket.end());
    });
    await new Promise<void>((r) => server.listen(sock, r));
    client = new EngineHttp(connectionFor(`unix://${sock}`));
  });

  afterAll(async () => {
    server.closeAllConnections();
    for (const s of upgraded) s.destroy();
    await new Promise((r) => server.close(r));
    await rm(dir, { recursive: true, force: true });
  });

  it('encodes the query and parses the JSON answer', async () => {
    expect(await client.json('GET', '/containers/json', { query: { all: 1, filters: JSON.stringify({ label: ['x'] }), unused: undefined } })).toEqual([{ Id: 'abc' }]);
  });

  it('sends JSON bodies and raw bytes with their content type', async () => {
    expect(await client.json('POST', '/echo', { body: { Image: 'a' } })).toEqual({ method: 'POST', type: 'application/json', body: '{"Image":"a"}' });
    expect(await client.json('PUT', '/echo', { body: Buffer.from('tar!'), contentType: 'application/x-tar' })).toEqual({ method: 'PUT', type: 'application/x-tar', body: 'tar!' });
  });

  it("turns an error answer into an EngineHttpError with the engine's own message and status", async () => {
    const e = await client.call('GET', '/missing').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(EngineHttpError);
    expect(e).toMatchObject({ statusCode: 404, message: 'No such image: x:1', json: { message: 'No such image: x:1' } });
    await expect(client.call('GET', '/text-error')).rejects.toMatchObject({ statusCode: 500, message: 'engine on fire' });
  });

  it('upgrades a connection and carries both directions', async () => {
    const socket = await client.upgrade('POST', '/containers/abc/attach', { query: { stream: 1 } });
    const out: string[] = [];
    const err: string[] = [];
    socket.on('data', demultiplexer((b) => out.push(b.toString()), (b) => err.push(b.toString())));
    socket.write('ping');
    await new Promise<void>((resolve) => {
      const t = setInterval(() => {
        if (out.join('') === 'PING') (clearInterval(t), resolve());
      }, 5);
    });
    expect(err.join('')).toBe('ready\n');
    socket.destroy();
  });

  it('says so when the engine answers an attach without switching to a stream', async () => {
    await expect(client.upgrade('POST', '/no-upgrade')).rejects.toThrow(/did not switch the connection to a stream/);
  });

  it('a socket nobody listens on is a connection error with its code (translated to "not reachable" by engine.ts)', async () => {
    const nobody = new EngineHttp(connectionFor(`unix://${path.join(dir, 'nobody.sock')}`));
    await expect(nobody.call('GET', '/_ping')).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
