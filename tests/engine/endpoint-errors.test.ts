/**
 * When the engine chosen the docker CLI's way cannot be reached, the message names
 * the way it was chosen and the next step fits it: a context's socket that is down
 * points at the context (not at DOCKER_HOST), and a TLS engine whose certificate the
 * CA in use does not sign is said in words, with where that CA came from. The docker
 * CLI fails on the same set-up first (the reference). Real sockets and a real TLS
 * server in front of the real engine; the messages are doctor's, as a user reads them.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tlsToEngine, type TlsEngine } from '../helpers/tls-engine.js';

const BIN = path.join(import.meta.dirname, '..', '..', 'bin', 'musl-lab.js');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'musl-lab-endpoint-errors-'));

const cli = (args: string[], env: Record<string, string>) =>
  execa('node', [BIN, ...args], {
    reject: false,
    timeout: 60_000,
    extendEnv: false,
    env: { PATH: process.env.PATH!, NO_COLOR: '1', HOME: path.join(tmp, 'home'), MUSL_LAB_HOME: path.join(tmp, 'lab-home'), ...env },
  });
const docker = (config: string, args: string[]) => execa('docker', args, { env: { DOCKER_CONFIG: config }, reject: false });

/** The engine line of doctor and its next step. */
function engineLines(stdout: string): { line: string; next: string } {
  const m = /^✗ engine: (.*)\n\s+next: (.*)$/m.exec(stdout);
  return { line: m?.[1] ?? `(no failed engine line in: ${stdout})`, next: m?.[2] ?? '' };
}

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('a context whose socket is down', () => {
  const config = path.join(tmp, 'config-down');
  beforeAll(async () => {
    mkdirSync(path.join(tmp, 'home'), { recursive: true });
    await docker(config, ['context', 'create', 'laptop', '--docker', `host=unix://${path.join(tmp, 'gone.sock')}`]);
    await docker(config, ['context', 'use', 'laptop']);
  });

  it('the docker CLI fails there too', async () => {
    expect((await docker(config, ['version'])).exitCode).not.toBe(0);
  });

  it('doctor names the context, and the next step is about the context, not DOCKER_HOST', async () => {
    const r = await cli(['doctor', '--quick'], { DOCKER_CONFIG: config });
    expect(r.exitCode).not.toBe(0);
    const { line, next } = engineLines(r.stdout);
    expect(line).toMatch(/context laptop/);
    expect(next).toMatch(/docker context use default/);
    expect(next).toMatch(/laptop/);
    expect(next).not.toMatch(/DOCKER_HOST/);
  });
});

describe('a TLS engine whose certificate the CA in use does not sign', () => {
  const dir = path.join(tmp, 'tls');
  const config = path.join(tmp, 'config-tls');
  let server: TlsEngine | undefined;
  let port = 0;
  beforeAll(async () => {
    mkdirSync(dir, { recursive: true });
    // the server's CA, and another CA the user was given by mistake
    await execa('sh', ['-c', [
      'openssl req -x509 -newkey rsa:2048 -nodes -keyout ca-key.pem -out ca.pem -days 1 -subj /CN=engine-ca',
      'openssl req -x509 -newkey rsa:2048 -nodes -keyout other-key.pem -out other-ca.pem -days 1 -subj /CN=other-ca',
      'printf "subjectAltName=IP:127.0.0.1\\n" > server.ext',
      'openssl req -newkey rsa:2048 -nodes -keyout server-key.pem -out server.csr -subj /CN=127.0.0.1',
      'openssl x509 -req -in server.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -out server.pem -days 1 -extfile server.ext',
      'mkdir certs && cp other-ca.pem certs/ca.pem',
      // a client certificate from the engine's CA, in a folder as DOCKER_CERT_PATH (or ~/.docker) holds it
      'printf "extendedKeyUsage=clientAuth\\n" > client.ext',
      'openssl req -newkey rsa:2048 -nodes -keyout key.pem -out client.csr -subj /CN=client',
      'openssl x509 -req -in client.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -out cert.pem -days 1 -extfile client.ext',
      'mkdir good && cp ca.pem cert.pem key.pem good/',
    ].join(' && ')], { cwd: dir });
    const read = (f: string) => readFileSync(path.join(dir, f));
    server = await tlsToEngine({ cert: read('server.pem'), key: read('server-key.pem') }); // every client here is refused: expected
    port = server.port;
    await docker(config, ['context', 'create', 'wrong-ca', '--docker', `host=tcp://127.0.0.1:${port},ca=${path.join(dir, 'other-ca.pem')}`]);
  });
  afterAll(() => server?.close());

  it('DOCKER_HOST with TLS and the right certificates: reached, from DOCKER_CERT_PATH or (unset) the docker config folder, as the CLI reads them', async () => {
    // an engine behind TLS that wants a client certificate from its CA
    const read = (f: string) => readFileSync(path.join(dir, f));
    const strict = await tlsToEngine({ ca: read('ca.pem'), cert: read('server.pem'), key: read('server-key.pem'), requestCert: true, rejectUnauthorized: true });
    const host = `tcp://127.0.0.1:${strict.port}`;
    try {
      const ref = await execa('docker', ['--tlsverify', '-H', host, 'version', '--format', '{{.Server.Version}}'], { env: { DOCKER_CERT_PATH: path.join(dir, 'good') }, reject: false });
      expect(ref.exitCode, ref.stderr).toBe(0); // the set-up is one the docker CLI accepts
      const ways: Record<string, string>[] = [{ DOCKER_CERT_PATH: path.join(dir, 'good') }, { DOCKER_CONFIG: path.join(dir, 'good') }];
      for (const env of ways) {
        const r = await cli(['doctor', '--quick'], { DOCKER_HOST: host, DOCKER_TLS_VERIFY: '1', ...env });
        expect(r.stdout, JSON.stringify(env)).toMatch(/^✓ engine: .* \[DOCKER_HOST\]/m);
      }
    } finally {
      await strict.close();
    }
  });

  it('the docker CLI refuses the certificate too', async () => {
    const r = await docker(config, ['--context', 'wrong-ca', 'version']);
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toMatch(/certificate signed by unknown authority/);
  });

  it.each([
    ['a context', () => ({ DOCKER_CONFIG: config, DOCKER_CONTEXT: 'wrong-ca' }), /context wrong-ca/],
    ['DOCKER_HOST with DOCKER_TLS_VERIFY', () => ({ DOCKER_HOST: `tcp://127.0.0.1:${port}`, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: path.join(dir, 'certs') }), /DOCKER_CERT_PATH|ca\.pem/],
  ])('%s: doctor says the certificate is not signed by that CA, in words, and where the CA came from', async (_, env, where) => {
    const r = await cli(['doctor', '--quick'], env());
    expect(r.exitCode).not.toBe(0);
    const { line, next } = engineLines(r.stdout);
    expect(line).toMatch(/TLS|certificate/);
    expect(line + next).toMatch(where);
    expect(next).not.toMatch(/report/i); // the user's set-up, not a bug of musl-lab
    expect(r.stdout + r.stderr).not.toMatch(/error:[0-9A-F]{8}:/); // no raw OpenSSL codes
  });
});
