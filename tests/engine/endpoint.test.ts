/**
 * Each way of finding the engine (src/engine/endpoint.ts), proved against the real engine reached
 * through a path of that kind: a forwarder socket stands in for colima's or rootless Docker's
 * socket, and passes every byte on to the real engine. Contexts are made by the real docker CLI
 * (`docker context create/use`), so the store's format is the CLI's own. The rootless, Docker
 * Desktop and Podman paths are tried in a mount namespace where the default socket is hidden
 * (`unshare -m`, a tmpfs over /run; needs root). A context on tcp with TLS material reaches
 * the engine through a TLS forwarder that accepts only a client certificate from the context's CA.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES } from '../helpers/lab.js';
import { tlsToEngine, type TlsEngine } from '../helpers/tls-engine.js';

const BIN = path.join(import.meta.dirname, '..', '..', 'bin', 'musl-lab.js');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'musl-lab-endpoint-'));
const ENGINE = '/var/run/docker.sock';

/** A unix socket that forwards every connection to the real engine, and counts them. */
function forwarder(at: string): Promise<{ connections: () => number; close: () => Promise<void> }> {
  mkdirSync(path.dirname(at), { recursive: true });
  let n = 0;
  const open = new Set<net.Socket>();
  const server = net.createServer((client) => {
    n++;
    const engine = net.connect(ENGINE);
    for (const s of [client, engine]) {
      open.add(s);
      s.on('error', () => (client.destroy(), engine.destroy()));
      s.on('close', () => open.delete(s));
    }
    client.pipe(engine).pipe(client);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(at, () =>
      resolve({
        connections: () => n,
        close: () => new Promise<void>((done) => (open.forEach((s) => s.destroy()), server.close(() => done()))),
      }),
    );
  });
}

/** musl-lab as a user runs it; env replaces the variables that choose the engine. */
const cli = (args: string[], env: Record<string, string>, argv0: string[] = []) =>
  execa(argv0[0] ?? 'node', [...argv0.slice(1), BIN, ...args], {
    reject: false,
    timeout: 120_000,
    extendEnv: false,
    env: { PATH: process.env.PATH!, NO_COLOR: '1', MUSL_LAB_HOME: process.env.MUSL_LAB_HOME ?? path.join(tmp, 'lab-home'), HOME: path.join(tmp, 'home'), ...env },
  });

/** The engine line of doctor: where it talked to and why. */
const engineLine = (stdout: string) => /^✓ engine: .* at (\S+) \[([^\]]+)\]/m.exec(stdout)?.slice(1, 3);

const docker = (config: string, args: string[]) => execa('docker', args, { env: { DOCKER_CONFIG: config } });

let fwd: Awaited<ReturnType<typeof forwarder>>;
const fwdSock = path.join(tmp, 'colima', 'docker.sock');

beforeAll(async () => {
  mkdirSync(path.join(tmp, 'home'), { recursive: true });
  fwd = await forwarder(fwdSock);
});
afterAll(async () => {
  await fwd?.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('a docker context (made by the docker CLI) on another socket', () => {
  const used = path.join(tmp, 'config-used');
  const store = path.join(tmp, 'config-store');
  beforeAll(async () => {
    // `docker context use`: config.json names the context
    await docker(used, ['context', 'create', 'colima', '--docker', `host=unix://${fwdSock}`]);
    await docker(used, ['context', 'use', 'colima']);
    // the same context, chosen by DOCKER_CONTEXT only
    await docker(store, ['context', 'create', 'colima', '--docker', `host=unix://${fwdSock}`]);
  });

  it('`docker context use colima`: doctor talks through the context\'s socket and says so', async () => {
    const before = fwd.connections();
    const r = await cli(['doctor', '--quick'], { DOCKER_CONFIG: used });
    expect(engineLine(r.stdout), r.stdout + r.stderr).toEqual([`unix://${fwdSock}`, 'context colima']);
    expect(fwd.connections()).toBeGreaterThan(before);
  });

  it('DOCKER_CONTEXT=colima: doctor, then a compare, go through the context', async () => {
    const before = fwd.connections();
    const d = await cli(['doctor', '--quick'], { DOCKER_CONFIG: store, DOCKER_CONTEXT: 'colima' });
    expect(engineLine(d.stdout), d.stdout + d.stderr).toEqual([`unix://${fwdSock}`, 'context colima (DOCKER_CONTEXT)']);
    // create, attach and exec through the forwarder: the lab's whole conversation, not only a ping
    const c = await cli(['compare', path.join(FIXTURES, 'prints-ok.c')], { DOCKER_CONFIG: store, DOCKER_CONTEXT: 'colima' });
    expect(c.exitCode, c.stdout + c.stderr).toBe(0);
    expect(c.stdout).toMatch(/ok/);
    await cli(['stop'], { DOCKER_CONFIG: store, DOCKER_CONTEXT: 'colima' });
    expect(fwd.connections()).toBeGreaterThan(before + 1);
  });

  it('DOCKER_HOST wins over the context, and doctor says the context was overridden', async () => {
    const r = await cli(['doctor', '--quick'], { DOCKER_CONFIG: used, DOCKER_HOST: `unix://${ENGINE}` });
    expect(engineLine(r.stdout)).toEqual([`unix://${ENGINE}`, 'DOCKER_HOST']);
    expect(r.stdout).toMatch(/DOCKER_HOST overrides the context "colima"/);
  });

  it('a context that is gone: doctor fails with the next step', async () => {
    const r = await cli(['doctor', '--quick'], { DOCKER_CONFIG: store, DOCKER_CONTEXT: 'gone' });
    expect(r.exitCode).not.toBe(0);
    expect(r.stdout).toMatch(/context "gone" \(named by DOCKER_CONTEXT\) does not exist[\s\S]*docker context ls/);
  });
});

describe('with the default socket hidden (a mount namespace, tmpfs over /run)', () => {
  const hidden = ['unshare', '-m', 'sh', '-c', 'mount -t tmpfs none /run && exec node "$@"', 'sh'];

  it('nothing else there: doctor reports the default socket missing (the engine really is hidden)', async () => {
    const r = await cli(['doctor', '--quick'], { XDG_RUNTIME_DIR: path.join(tmp, 'xdg-empty') }, hidden);
    expect(r.exitCode).not.toBe(0);
    expect(r.stdout).toMatch(/not reachable at unix:\/\/\/var\/run\/docker\.sock \(default socket \(missing\)\)/);
  });

  it.each([
    ['rootless', (t: string) => ({ env: { XDG_RUNTIME_DIR: path.join(t, 'xdg') }, sock: path.join(t, 'xdg', 'docker.sock') })],
    ['Docker Desktop', (t: string) => ({ env: { HOME: path.join(t, 'desk'), XDG_RUNTIME_DIR: path.join(t, 'xdg-empty') }, sock: path.join(t, 'desk', '.docker', 'run', 'docker.sock') })],
    ['Podman', (t: string) => ({ env: { XDG_RUNTIME_DIR: path.join(t, 'xdg-podman') }, sock: path.join(t, 'xdg-podman', 'podman', 'podman.sock') })],
  ])('%s: doctor finds the socket at its path and the engine answers there', async (source, where) => {
    const { env, sock } = where(tmp);
    const f = await forwarder(sock);
    try {
      const r = await cli(['doctor', '--quick'], env, hidden);
      expect(engineLine(r.stdout), r.stdout + r.stderr).toEqual([`unix://${sock}`, source]);
      expect(f.connections()).toBeGreaterThan(0);
    } finally {
      await f.close();
    }
  });
});

describe('a tcp context with TLS material (ca, cert, key in the context store)', () => {
  const dir = path.join(tmp, 'tls');
  const store = path.join(tmp, 'config-tls');
  let server: TlsEngine | undefined;
  let port = 0;
  let authorized = 0;
  beforeAll(async () => {
    mkdirSync(dir, { recursive: true });
    // a CA, a server certificate for 127.0.0.1 and a client certificate, as `docker context create` takes them
    await execa('sh', ['-c', [
      'openssl req -x509 -newkey rsa:2048 -nodes -keyout ca-key.pem -out ca.pem -days 1 -subj /CN=lab-ca',
      'printf "subjectAltName=IP:127.0.0.1\\n" > server.ext && printf "extendedKeyUsage=clientAuth\\n" > client.ext',
      'openssl req -newkey rsa:2048 -nodes -keyout server-key.pem -out server.csr -subj /CN=127.0.0.1',
      'openssl x509 -req -in server.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -out server.pem -days 1 -extfile server.ext',
      'openssl req -newkey rsa:2048 -nodes -keyout key.pem -out client.csr -subj /CN=client',
      'openssl x509 -req -in client.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -out cert.pem -days 1 -extfile client.ext',
    ].join(' && ')], { cwd: dir });
    const read = (f: string) => readFileSync(path.join(dir, f));
    // the context without a client certificate is refused: expected below
    server = await tlsToEngine({ ca: read('ca.pem'), cert: read('server.pem'), key: read('server-key.pem'), requestCert: true, rejectUnauthorized: true }, (client) => {
      if (client.authorized) authorized++;
    });
    port = server.port;
    const f = (n: string) => path.join(dir, n);
    await docker(store, ['context', 'create', 'tls', '--docker', `host=tcp://127.0.0.1:${port},ca=${f('ca.pem')},cert=${f('cert.pem')},key=${f('key.pem')}`]);
    await docker(store, ['context', 'create', 'no-client-cert', '--docker', `host=tcp://127.0.0.1:${port},ca=${f('ca.pem')}`]);
  });
  afterAll(() => server?.close());

  it('the docker CLI itself reaches the engine through it (the set-up is sound)', async () => {
    const r = await execa('docker', ['--context', 'tls', 'version', '--format', '{{.Server.APIVersion}}'], { env: { DOCKER_CONFIG: store } });
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+$/);
  });

  it("doctor talks TLS with the context's CA, certificate and key", async () => {
    const before = authorized;
    const r = await cli(['doctor', '--quick'], { DOCKER_CONFIG: store, DOCKER_CONTEXT: 'tls' });
    expect(engineLine(r.stdout), r.stdout + r.stderr).toEqual([`tcp://127.0.0.1:${port}`, 'context tls (DOCKER_CONTEXT)']);
    expect(authorized).toBeGreaterThan(before);
  });

  it('without the client certificate the same engine refuses: the certificate is what let doctor in', async () => {
    const r = await cli(['doctor', '--quick'], { DOCKER_CONFIG: store, DOCKER_CONTEXT: 'no-client-cert' });
    expect(r.exitCode).not.toBe(0);
    expect(r.stdout).not.toMatch(/✓ engine/);
    expect(r.stdout).toMatch(/certificate required/); // the TLS server's refusal, not some other failure
  });
});
