import https from 'node:https';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DockerEngine } from '../../src/engine/client.js';
import { contextDir, dockerodeOptions, findEndpoint, processWorld } from '../../src/engine/endpoint.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'musl-lab-endpoint-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A home with ~/.docker/config.json and a context store, as `docker context create/use` leave them. */
function home(o: { current?: string; contexts?: Record<string, { host?: string; skipTLSVerify?: boolean; tls?: Record<string, string>; raw?: string }>; rawConfig?: string } = {}): string {
  const dir = mkdtempSync(path.join(root, 'home-'));
  const config = path.join(dir, '.docker');
  mkdirSync(config);
  if (o.rawConfig !== undefined) writeFileSync(path.join(config, 'config.json'), o.rawConfig);
  else if (o.current) writeFileSync(path.join(config, 'config.json'), JSON.stringify({ auths: {}, currentContext: o.current }));
  for (const [name, c] of Object.entries(o.contexts ?? {})) {
    const meta = path.join(config, 'contexts/meta', contextDir(name));
    mkdirSync(meta, { recursive: true });
    const body = c.raw ?? JSON.stringify({ Name: name, Metadata: { Description: '' }, Endpoints: { docker: { Host: c.host, SkipTLSVerify: c.skipTLSVerify ?? false } } });
    writeFileSync(path.join(meta, 'meta.json'), body);
    if (c.tls) {
      const tls = path.join(config, 'contexts/tls', contextDir(name), 'docker');
      mkdirSync(tls, { recursive: true });
      for (const [f, v] of Object.entries(c.tls)) writeFileSync(path.join(tls, f), v);
    }
  }
  return dir;
}

/** The real file reads of processWorld over a temp home; sockets are only those named. */
function world(homeDir: string, env: Record<string, string> = {}, sockets: string[] = []) {
  return { ...processWorld({ HOME: homeDir, ...env }), uid: 1000, exists: (p: string) => sockets.includes(p) };
}

describe('contextDir', () => {
  it('is the sha256 of the name, as the docker CLI names context folders', () => {
    // docker context create colima → ~/.docker/contexts/meta/<this>/meta.json
    expect(contextDir('default')).toBe('37a8eec1ce19687d132fe29051dca629d164e2c4958ba141d5f4133a33f0688f');
  });
});

describe('findEndpoint: the docker CLI order, then the other engines\' sockets', () => {
  const colima = { colima: { host: 'unix:///home/u/.colima/default/docker.sock' } };
  const rows: [string, () => ReturnType<typeof world>, { address: string; source: string; note?: RegExp }][] = [
    ['DOCKER_HOST first', () => world(home(), { DOCKER_HOST: 'tcp://10.0.0.5:2375' }, ['/var/run/docker.sock']), { address: 'tcp://10.0.0.5:2375', source: 'DOCKER_HOST' }],
    [
      'DOCKER_HOST wins over DOCKER_CONTEXT, and says so',
      () => world(home({ contexts: colima }), { DOCKER_HOST: 'unix:///x.sock', DOCKER_CONTEXT: 'colima' }),
      { address: 'unix:///x.sock', source: 'DOCKER_HOST', note: /overrides the context "colima"/ },
    ],
    [
      "DOCKER_HOST wins over config.json's current context",
      () => world(home({ current: 'colima', contexts: colima }), { DOCKER_HOST: 'unix:///x.sock' }),
      { address: 'unix:///x.sock', source: 'DOCKER_HOST', note: /overrides the context "colima"/ },
    ],
    ['DOCKER_CONTEXT next', () => world(home({ contexts: colima }), { DOCKER_CONTEXT: 'colima' }, ['/var/run/docker.sock']), { address: colima.colima.host, source: 'context colima (DOCKER_CONTEXT)' }],
    [
      'DOCKER_CONTEXT wins over config.json',
      () => world(home({ current: 'other', contexts: { ...colima, other: { host: 'unix:///other.sock' } } }), { DOCKER_CONTEXT: 'colima' }),
      { address: colima.colima.host, source: 'context colima (DOCKER_CONTEXT)' },
    ],
    ["config.json's currentContext next", () => world(home({ current: 'colima', contexts: colima }), {}, ['/var/run/docker.sock']), { address: colima.colima.host, source: 'context colima' }],
    [
      'DOCKER_CONFIG moves config.json and the store',
      () => {
        const h = home({ current: 'colima', contexts: colima });
        return world(mkdtempSync(path.join(root, 'empty-')), { DOCKER_CONFIG: path.join(h, '.docker') });
      },
      { address: colima.colima.host, source: 'context colima' },
    ],
    ['a context named "default" is the default socket', () => world(home({ current: 'default' }), {}, ['/var/run/docker.sock']), { address: 'unix:///var/run/docker.sock', source: 'default socket' }],
    ['DOCKER_CONTEXT=default over a current context', () => world(home({ current: 'colima', contexts: colima }), { DOCKER_CONTEXT: 'default' }, ['/var/run/docker.sock']), { address: 'unix:///var/run/docker.sock', source: 'default socket' }],
    ['the default socket before the others', () => world(home(), { XDG_RUNTIME_DIR: '/run/user/1000' }, ['/var/run/docker.sock', '/run/user/1000/docker.sock']), { address: 'unix:///var/run/docker.sock', source: 'default socket' }],
    ['rootless Docker in XDG_RUNTIME_DIR', () => world(home(), { XDG_RUNTIME_DIR: '/run/user/1000' }, ['/run/user/1000/docker.sock', '/run/user/1000/podman/podman.sock']), { address: 'unix:///run/user/1000/docker.sock', source: 'rootless' }],
    ['rootless Docker in /run/user/UID without XDG_RUNTIME_DIR', () => world(home(), {}, ['/run/user/1000/docker.sock']), { address: 'unix:///run/user/1000/docker.sock', source: 'rootless' }],
    [
      'Docker Desktop: ~/.docker/run/docker.sock',
      () => {
        const h = home();
        return world(h, {}, [path.join(h, '.docker/run/docker.sock'), path.join(h, '.docker/desktop/docker.sock')]);
      },
      { address: 'unix://HOME/.docker/run/docker.sock', source: 'Docker Desktop' },
    ],
    [
      'Docker Desktop: ~/.docker/desktop/docker.sock',
      () => {
        const h = home();
        return world(h, {}, [path.join(h, '.docker/desktop/docker.sock')]);
      },
      { address: 'unix://HOME/.docker/desktop/docker.sock', source: 'Docker Desktop' },
    ],
    ["Podman's rootless socket", () => world(home(), { XDG_RUNTIME_DIR: '/run/user/1000' }, ['/run/user/1000/podman/podman.sock', '/run/podman/podman.sock']), { address: 'unix:///run/user/1000/podman/podman.sock', source: 'Podman' }],
    ["Podman's system socket", () => world(home(), {}, ['/run/podman/podman.sock']), { address: 'unix:///run/podman/podman.sock', source: 'Podman' }],
    ['nothing there: the default socket, said missing', () => world(home(), {}, []), { address: 'unix:///var/run/docker.sock', source: 'default socket (missing)' }],
    ['a config.json that does not parse is ignored, with a note', () => world(home({ rawConfig: '{ not json' }), {}, ['/var/run/docker.sock']), { address: 'unix:///var/run/docker.sock', source: 'default socket', note: /not valid JSON/ }],
    ['a context without a Host is the default address', () => world(home({ current: 'bare', contexts: { bare: {} } })), { address: 'unix:///var/run/docker.sock', source: 'context bare' }],
  ];
  it.each(rows)('%s', (_, w, want) => {
    const given = w();
    const { endpoint, problem } = findEndpoint(given);
    expect(problem).toBeUndefined();
    expect(endpoint.address).toBe(want.address.replace('HOME', given.home));
    expect(endpoint.source).toBe(want.source);
    if (want.note) expect(endpoint.note).toMatch(want.note);
    else expect(endpoint.note).toBeUndefined();
  });

  it.each([
    ['a current context that does not exist', () => world(home({ current: 'gone' })), /context "gone" \(named by .*config\.json\) does not exist/],
    ['a DOCKER_CONTEXT that does not exist', () => world(home(), { DOCKER_CONTEXT: 'gone' }), /context "gone" \(named by DOCKER_CONTEXT\) does not exist/],
    ['a damaged meta.json', () => world(home({ current: 'bad', contexts: { bad: { raw: '{' } } })), /"bad" is damaged/],
    ['a context without a docker endpoint', () => world(home({ current: 'k8s', contexts: { k8s: { raw: JSON.stringify({ Name: 'k8s', Endpoints: {} }) } } })), /no docker endpoint/],
    ['a context on an address the lab cannot use', () => world(home({ current: 'odd', contexts: { odd: { host: 'fd://3' } } })), /cannot use: fd:\/\/3/],
  ])('%s: a problem for the first call, with the next step', (_, w, message) => {
    const { problem } = findEndpoint(w());
    expect(problem?.kind).toBe('docker-unreachable');
    expect(problem?.message).toMatch(message);
    expect(problem?.next).toMatch(/docker context use/);
  });
  it("reaches the engine's first call as that error, not as a crash of the client", async () => {
    const engine = new DockerEngine({ HOME: home(), DOCKER_CONTEXT: 'gone' });
    await expect(engine.info()).rejects.toMatchObject({ kind: 'docker-unreachable', message: expect.stringMatching(/context "gone"/) });
  });
});

describe("a context's TLS", () => {
  const tls = { 'ca.pem': 'CA', 'cert.pem': 'CERT', 'key.pem': 'KEY' };
  it('its CA, certificate and key reach dockerode', () => {
    const { endpoint } = findEndpoint(world(home({ current: 'remote', contexts: { remote: { host: 'tcp://engine.example:2376', tls } } })));
    expect(endpoint.tls).toEqual({ ca: Buffer.from('CA'), cert: Buffer.from('CERT'), key: Buffer.from('KEY'), skipVerify: false });
    expect(dockerodeOptions(endpoint)).toMatchObject({ protocol: 'https', host: 'engine.example', port: '2376', ca: Buffer.from('CA'), cert: Buffer.from('CERT'), key: Buffer.from('KEY') });
  });
  it('SkipTLSVerify without material is TLS that accepts any certificate', () => {
    const { endpoint } = findEndpoint(world(home({ current: 'r', contexts: { r: { host: 'tcp://engine.example:2376', skipTLSVerify: true } } })));
    expect(endpoint.tls).toEqual({ skipVerify: true });
    expect(((dockerodeOptions(endpoint) as { agent?: https.Agent })?.agent!).options.rejectUnauthorized).toBe(false);
  });
  it('no material and no SkipTLSVerify is plain HTTP, even on 2376 and with DOCKER_TLS_VERIFY set', () => {
    const { endpoint } = findEndpoint(world(home({ current: 'r', contexts: { r: { host: 'tcp://engine.example:2376' } } }), { DOCKER_TLS_VERIFY: '1' }));
    expect(endpoint.tls).toBeNull();
    expect(dockerodeOptions(endpoint)).toMatchObject({ protocol: 'http' });
  });
  it('a unix socket context carries no TLS, and dockerode gets its socket path', () => {
    const { endpoint } = findEndpoint(world(home({ current: 'c', contexts: { c: { host: 'unix:///run/x.sock', tls } } })));
    expect(endpoint.tls).toBeUndefined();
    expect(dockerodeOptions(endpoint)).toEqual({ socketPath: '/run/x.sock' });
  });
  it('DOCKER_TLS_VERIFY without DOCKER_HOST or a context: tcp://localhost:2376 with the certificates of DOCKER_CERT_PATH', () => {
    const certs = home({ current: 'default' });
    for (const [f, v] of Object.entries(tls)) writeFileSync(path.join(certs, f), v);
    const { endpoint } = findEndpoint(world(home({ current: 'default' }), { DOCKER_TLS_VERIFY: '0', DOCKER_CERT_PATH: certs }, ['/var/run/docker.sock']));
    expect(endpoint).toMatchObject({ address: 'tcp://localhost:2376', source: 'DOCKER_TLS_VERIFY' });
    // the CLI verifies for any non-empty DOCKER_TLS_VERIFY, "0" included
    expect(endpoint.tls).toEqual({ ca: Buffer.from('CA'), cert: Buffer.from('CERT'), key: Buffer.from('KEY'), skipVerify: false });
    expect(dockerodeOptions(endpoint)).toMatchObject({ protocol: 'https', host: 'localhost', port: '2376', ca: Buffer.from('CA') });
  });
  it('DOCKER_TLS alone: TLS without verification, certificates from the config folder', () => {
    const h = home();
    writeFileSync(path.join(h, '.docker', 'cert.pem'), 'CERT');
    const { endpoint } = findEndpoint(world(h, { DOCKER_TLS: '1' }));
    expect(endpoint).toMatchObject({ address: 'tcp://localhost:2376', source: 'DOCKER_TLS', tls: { cert: Buffer.from('CERT'), skipVerify: true } });
  });
  it('a context wins over DOCKER_TLS_VERIFY', () => {
    expect(findEndpoint(world(home({ current: 'c', contexts: { c: { host: 'unix:///run/x.sock' } } }), { DOCKER_TLS_VERIFY: '1' })).endpoint.source).toBe('context c');
  });
  it('DOCKER_HOST: TLS on 2376 or with DOCKER_TLS_VERIFY=1, read from the environment the endpoint was found in', () => {
    const { endpoint } = findEndpoint(world(home(), { DOCKER_HOST: 'tcp://engine.example:2376' }));
    expect(endpoint.tls).toBeUndefined();
    expect(dockerodeOptions(endpoint, {})).toMatchObject({ protocol: 'https', host: 'engine.example', port: '2376' });
    const plain = findEndpoint(world(home(), { DOCKER_HOST: 'engine.example:4000' })).endpoint;
    expect(dockerodeOptions(plain, {})).toEqual({ protocol: 'http', host: 'engine.example', port: '4000' });
    expect(dockerodeOptions(plain, { DOCKER_TLS_VERIFY: '1' })).toMatchObject({ protocol: 'https', port: '4000' });
    expect(dockerodeOptions(findEndpoint(world(home(), { DOCKER_HOST: 'unix:///run/e.sock' })).endpoint, {})).toEqual({ socketPath: '/run/e.sock' });
  });
});
