/**
 * Where the engine is, found the way the docker CLI finds it (docker/cli
 * cli/command/cli.go resolveContextName and getDockerEndPoint):
 *   1. DOCKER_HOST (it wins over any context: the CLI then uses the "default" context);
 *   2. DOCKER_CONTEXT;
 *   3. "currentContext" in $DOCKER_CONFIG/config.json (default ~/.docker);
 *   a context named "default", or none, means the default socket (tcp://localhost:2376 when
 *   DOCKER_TLS_VERIFY or DOCKER_TLS asks for TLS). Past the CLI, when the
 *   default socket is missing, the sockets other engines listen on: rootless Docker, Docker
 *   Desktop, Podman.
 * A named context is read from the context store (cli/context/store): its meta.json under
 * contexts/meta/<sha256 of the name>/ holds Endpoints.docker.Host and SkipTLSVerify, and its
 * TLS material lies in contexts/tls/<sha256 of the name>/docker/{ca,cert,key}.pem.
 * Pure over what it is given (env, home, files), so every rule is testable.
 */
import type Docker from 'dockerode';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { LabError } from '../errors.js';

/** TLS as a context gives it: no material and no SkipTLSVerify means plain HTTP (docker/cli cli/context/docker/load.go tlsConfig). */
export interface EndpointTls {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  skipVerify: boolean;
}

export interface Endpoint {
  /** Where we talk to: "unix:///var/run/docker.sock", "tcp://host:2376", ... */
  address: string;
  /** Which rule chose it, for doctor: "DOCKER_HOST", "context colima", "rootless", "Docker Desktop", "Podman", "default socket". */
  source: string;
  /**
   * TLS of a context's tcp endpoint: null for plain HTTP, material otherwise. Undefined means
   * the address came from DOCKER_HOST or a default: DOCKER_TLS_VERIFY/DOCKER_CERT_PATH decide.
   */
  tls?: EndpointTls | null;
  /** Something the user should know about the choice (DOCKER_HOST hiding a context, an unreadable config.json). */
  note?: string;
  /** The docker context it came from, for next steps that fit it (`docker context use default`). */
  context?: string;
  /** Where TLS material is read from, as the docker CLI reads it (a context's TLS folder, DOCKER_CERT_PATH or the config folder). */
  certs?: string;
}

/** What endpoint discovery may look at. */
export interface EndpointWorld {
  env: Record<string, string | undefined>;
  home: string;
  uid: number;
  /** A file's bytes, or undefined when it cannot be read. */
  read(file: string): Buffer | undefined;
  /** Whether something (a socket) is at this path. */
  exists(file: string): boolean;
}

export const DEFAULT_SOCKET = '/var/run/docker.sock';

/** The context store's folder name for a context: sha256 of its name in hex (docker/cli cli/context/store/store.go contextdirOf). */
export function contextDir(name: string): string {
  return createHash('sha256').update(name).digest('hex');
}

/** The sockets tried, in order, when no DOCKER_HOST or context names an engine. */
export function defaultSockets(w: EndpointWorld): { path: string; source: string }[] {
  const runtime = w.env.XDG_RUNTIME_DIR || `/run/user/${w.uid}`;
  return [
    { path: DEFAULT_SOCKET, source: 'default socket' },
    { path: `${runtime}/docker.sock`, source: 'rootless' },
    { path: path.join(w.home, '.docker/run/docker.sock'), source: 'Docker Desktop' },
    { path: path.join(w.home, '.docker/desktop/docker.sock'), source: 'Docker Desktop' },
    { path: `${runtime}/podman/podman.sock`, source: 'Podman' },
    { path: '/run/podman/podman.sock', source: 'Podman' },
  ];
}

export interface Found {
  endpoint: Endpoint;
  /** Set when the chosen context cannot be used: the first engine call reports it. */
  problem?: LabError;
}

const CONTEXT_NEXT = 'Run `docker context ls` to see the contexts, then `docker context use NAME` (or `docker context use default`), or set DOCKER_HOST to the engine\'s address.';

/** Choose the engine endpoint. */
export function findEndpoint(w: EndpointWorld): Found {
  const configDir = w.env.DOCKER_CONFIG || path.join(w.home, '.docker');
  const configured = currentContext(w, configDir);
  const host = w.env.DOCKER_HOST;
  if (host) {
    // The CLI uses the default context whenever DOCKER_HOST is set; it warns about the hidden context only in `docker context use/ls`.
    const hidden = w.env.DOCKER_CONTEXT || configured.name;
    const note = hidden && hidden !== 'default' ? `DOCKER_HOST overrides the context "${hidden}", as it does for the docker CLI; unset DOCKER_HOST to use the context.` : configured.note;
    // a tcp DOCKER_HOST with TLS reads ca.pem, cert.pem and key.pem from DOCKER_CERT_PATH, else the config folder (docker/cli cli/flags/options.go)
    return { endpoint: { address: host, source: 'DOCKER_HOST', certs: w.env.DOCKER_CERT_PATH || configDir, ...(note ? { note } : {}) } };
  }
  const named = w.env.DOCKER_CONTEXT ? { name: w.env.DOCKER_CONTEXT, why: 'DOCKER_CONTEXT' } : configured.name ? { name: configured.name, why: path.join(configDir, 'config.json') } : null;
  if (named && named.name !== 'default') return fromContext(w, configDir, named.name, named.why);
  const note = named ? undefined : configured.note;
  const tlsVar = w.env.DOCKER_TLS_VERIFY ? 'DOCKER_TLS_VERIFY' : w.env.DOCKER_TLS ? 'DOCKER_TLS' : null;
  if (tlsVar) {
    // The default context with TLS asked for and no host: tcp://localhost:2376 (docker/cli opts/hosts.go ParseHost, defaultTLSHost),
    // certificates from DOCKER_CERT_PATH or the config folder; any DOCKER_TLS_VERIFY value, even "0", verifies (cli/flags/options.go).
    const certs = w.env.DOCKER_CERT_PATH || configDir;
    const endpoint = { address: 'tcp://localhost:2376', source: tlsVar, certs, tls: tlsMaterial(w, certs, !w.env.DOCKER_TLS_VERIFY) ?? { skipVerify: false } };
    return { endpoint: note ? { ...endpoint, note } : endpoint };
  }
  const sock = defaultSockets(w).find((s) => w.exists(s.path));
  const endpoint = sock ? { address: `unix://${sock.path}`, source: sock.source } : { address: `unix://${DEFAULT_SOCKET}`, source: 'default socket (missing)' };
  return { endpoint: note ? { ...endpoint, note } : endpoint };
}

/** config.json's "currentContext"; a config.json that does not parse is ignored, as the CLI does after a warning. */
function currentContext(w: EndpointWorld, configDir: string): { name?: string; note?: string } {
  const file = path.join(configDir, 'config.json');
  const bytes = w.read(file);
  if (!bytes) return {};
  try {
    const name = (JSON.parse(bytes.toString('utf8')) as { currentContext?: unknown }).currentContext;
    return typeof name === 'string' && name ? { name } : {};
  } catch {
    return { note: `${file} is not valid JSON: its current context (if any) was ignored.` };
  }
}

function fromContext(w: EndpointWorld, configDir: string, name: string, why: string): Found {
  const source = why === 'DOCKER_CONTEXT' ? `context ${name} (DOCKER_CONTEXT)` : `context ${name}`;
  const id = contextDir(name);
  const metaFile = path.join(configDir, 'contexts/meta', id, 'meta.json');
  const bad = (message: string): Found => ({
    endpoint: { address: `context ${name}`, source, context: name },
    problem: new LabError('docker-unreachable', message, CONTEXT_NEXT),
  });
  const bytes = w.read(metaFile);
  if (!bytes) return bad(`The Docker context "${name}" (named by ${why}) does not exist: ${metaFile} cannot be read.`);
  let docker: { Host?: unknown; SkipTLSVerify?: unknown } | undefined;
  try {
    docker = (JSON.parse(bytes.toString('utf8')) as { Endpoints?: { docker?: typeof docker } }).Endpoints?.docker;
  } catch {
    return bad(`The Docker context "${name}" is damaged: ${metaFile} is not valid JSON.`);
  }
  if (!docker) return bad(`The Docker context "${name}" has no docker endpoint (${metaFile}).`);
  // An empty Host leaves the client at its default address (docker/cli cli/context/docker/load.go ClientOpts).
  const address = typeof docker.Host === 'string' && docker.Host ? docker.Host : `unix://${DEFAULT_SOCKET}`;
  if (!/^(unix|npipe|tcp|ssh):\/\/./.test(address)) return bad(`The Docker context "${name}" names an address this client cannot use: ${address}.`);
  if (!address.startsWith('tcp://')) return { endpoint: { address, source, context: name } };
  const certs = path.join(configDir, 'contexts/tls', id, 'docker');
  const tls = tlsMaterial(w, certs, docker.SkipTLSVerify === true);
  return { endpoint: { address, source, context: name, certs, tls } };
}

/** ca.pem, cert.pem and key.pem of a folder; null when there are none and verification is not skipped (plain HTTP). */
function tlsMaterial(w: EndpointWorld, dir: string, skipVerify: boolean): EndpointTls | null {
  const ca = w.read(path.join(dir, 'ca.pem'));
  const cert = w.read(path.join(dir, 'cert.pem'));
  const key = w.read(path.join(dir, 'key.pem'));
  return ca || cert || key || skipVerify ? { ...(ca ? { ca } : {}), ...(cert ? { cert } : {}), ...(key ? { key } : {}), skipVerify } : null;
}

/** The real process's view: its environment, home, uid and files. */
export function processWorld(env: NodeJS.ProcessEnv = process.env): EndpointWorld {
  return {
    env,
    // Go's os.UserHomeDir reads $HOME, as the CLI does
    home: env.HOME || os.homedir(),
    uid: typeof process.getuid === 'function' ? process.getuid() : 0,
    read: (file) => {
      try {
        return readFileSync(file);
      } catch {
        return undefined;
      }
    },
    exists: existsSync,
  };
}

/**
 * dockerode's options for an endpoint, always explicit: docker-modem would otherwise read
 * DOCKER_HOST from this process's environment, not the one the endpoint was found in.
 * A DOCKER_HOST is read as docker-modem reads it (TLS on port 2376 or DOCKER_TLS_VERIFY=1,
 * certificates from DOCKER_CERT_PATH). Undefined for ssh:// (client.ts) and an unusable context.
 */
export function dockerodeOptions(e: Endpoint, env: Record<string, string | undefined> = process.env): Docker.DockerOptions | undefined {
  if (e.source === 'DOCKER_HOST') return fromDockerHost(e.address, env, e.certs);
  if (e.address.startsWith('unix://')) return { socketPath: e.address.slice('unix://'.length) || DEFAULT_SOCKET };
  if (e.address.startsWith('npipe://')) return { socketPath: e.address.slice('npipe://'.length).replace(/\//g, '\\') };
  // a context that cannot be used has no address: its problem is reported before any client is made
  if (!/^(tcp|ssh):\/\/./.test(e.address)) return undefined;
  const url = new URL(e.address);
  if (url.protocol === 'ssh:') return undefined; // client.ts gives docker-modem its ssh transport as an agent
  const tls = e.tls;
  if (!tls) return { protocol: 'http', host: url.hostname, port: url.port || 2375 };
  return {
    protocol: 'https',
    host: url.hostname,
    port: url.port || 2376,
    ca: tls.ca,
    cert: tls.cert,
    key: tls.key,
    // docker-modem passes no rejectUnauthorized of its own: an agent carries SkipTLSVerify
    ...(tls.skipVerify ? { agent: new https.Agent({ rejectUnauthorized: false, ca: tls.ca, cert: tls.cert, key: tls.key }) } : {}),
  };
}

function fromDockerHost(address: string, env: Record<string, string | undefined>, certs = env.DOCKER_CERT_PATH): Docker.DockerOptions | undefined {
  if (address.startsWith('unix://')) return { socketPath: address.slice('unix://'.length) || DEFAULT_SOCKET };
  if (address.startsWith('npipe://')) return { socketPath: address.slice('npipe://'.length) || '//./pipe/docker_engine' };
  let url: URL;
  try {
    url = new URL(address.includes('//') ? address : `tcp://${address}`);
  } catch {
    return undefined; // endpointProblem reports it
  }
  if (url.protocol === 'ssh:') return undefined;
  const port = url.port || (url.protocol === 'https:' ? '2376' : '2375');
  // TLS as the docker CLI asks for it (any DOCKER_TLS_VERIFY, or DOCKER_TLS), and on 2376, the TLS port, as docker-modem guesses
  const tls = !!env.DOCKER_TLS_VERIFY || !!env.DOCKER_TLS || port === '2376' || url.protocol === 'https:';
  if (!tls) return { protocol: 'http', host: url.hostname, port };
  const read = (f: string) => {
    try {
      return certs ? readFileSync(path.join(certs, f)) : undefined;
    } catch {
      return undefined; // a server certificate from a public CA needs no ca.pem
    }
  };
  const skipVerify = !env.DOCKER_TLS_VERIFY && !!env.DOCKER_TLS; // DOCKER_TLS alone: TLS without checking the engine's certificate
  const [ca, cert, key] = [read('ca.pem'), read('cert.pem'), read('key.pem')];
  return { protocol: 'https', host: url.hostname, port, ca, cert, key, ...(skipVerify ? { agent: new https.Agent({ rejectUnauthorized: false, ca, cert, key }) } : {}) };
}
