/**
 * What Docker or the connection said, turned into LabErrors with the next step,
 * in one place: unreachable, permission, disk full, image missing, cancelled,
 * and an engine that stops answering (the deadlines of client.ts).
 */
import path from 'node:path';
import { LabError } from '../errors.js';
import type { Endpoint } from './endpoint.js';
import { podmanNext } from './quirks.js';
import { SshError } from './ssh.js';

export const BAD_ADDRESS_NEXT = 'Set DOCKER_HOST to the engine\'s address, e.g. unix:///var/run/docker.sock, tcp://HOST:2375 or ssh://USER@HOST, or unset it to use the default socket.';

/** What to do about an engine that took a request and went quiet. */
export const STUCK_NEXT = 'Check that this address is a Docker or Podman engine, not another service, and that the engine is not stuck: `docker version` should answer at once; if it does not, restart the engine (e.g. `sudo systemctl restart docker`). Then run the command again.';

/** A DOCKER_HOST the engine client cannot use at all (checked before any connection), or null. */
export function endpointProblem(endpoint: Endpoint): LabError | null {
  if (endpoint.source !== 'DOCKER_HOST') return null;
  const a = endpoint.address;
  if (/^(unix|npipe):\/\/./.test(a)) return null;
  // Like the docker CLI, an address without a scheme is a TCP host; the schemes it knows besides are ssh and http(s).
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(a)?.[1]?.toLowerCase();
  let hostname = '';
  try {
    hostname = new URL(scheme ? a : `tcp://${a}`).hostname;
  } catch {
    // left empty: reported below
  }
  if ((scheme === undefined || ['tcp', 'ssh', 'http', 'https'].includes(scheme)) && hostname) return null;
  return new LabError('docker-unreachable', `DOCKER_HOST=${a} is not an engine address.`, BAD_ADDRESS_NEXT);
}

/** The engine took a request and did not answer within `ms` (a first-byte deadline). */
export function noAnswer(endpoint: Endpoint, what: string, ms: number, cause?: unknown): LabError {
  return new LabError('docker-unreachable', `The engine at ${endpoint.address} (${endpoint.source}) took the request to ${what} but did not answer within ${seconds(ms)}.`, STUCK_NEXT, { cause });
}

/** The engine answered, then did not finish within `ms` (an overall deadline). */
export function notFinished(endpoint: Endpoint, what: string, ms: number, cause?: unknown): LabError {
  return new LabError('docker-unreachable', `The engine at ${endpoint.address} (${endpoint.source}) answered but did not finish the request to ${what} within ${seconds(ms)}.`, STUCK_NEXT, { cause });
}

/** What the engine wrote on its own error stream (stream 3 of a multiplexed connection). */
export function engineSaid(endpoint: Endpoint, what: string, text: string): LabError {
  return new LabError('internal', `The engine at ${endpoint.address} reported an error while trying to ${what}: ${text.trim() || '(no message)'}`, 'Check `musl-lab doctor` and the engine\'s own log (e.g. `journalctl -u docker`); then run the command again.');
}

const seconds = (ms: number) => (ms >= 1000 ? `${ms / 1000} s` : `${ms} ms`);

/** Translate what Docker or the socket said into a LabError with the next step. */
export function translateDockerError(e: unknown, endpoint: Endpoint, what: string): LabError {
  if (e instanceof LabError) return e;
  const err = e as { code?: string; statusCode?: number; message?: string; json?: { message?: string } };
  const msg = err?.json?.message ?? err?.message ?? String(e);
  const ssh = sshProblem(e, endpoint);
  if (ssh) return ssh;
  const tls = tlsProblem(e, endpoint);
  if (tls) return tls;
  if (err?.code === 'ENOENT' || err?.code === 'ECONNREFUSED' || err?.code === 'EHOSTUNREACH' || err?.code === 'ETIMEDOUT') {
    return new LabError('docker-unreachable', `Docker is not reachable at ${endpoint.address} (${endpoint.source}): ${err.code}.`, unreachableNext(endpoint), { cause: e });
  }
  if (err?.code === 'ENOTFOUND' || err?.code === 'EAI_AGAIN') {
    return new LabError(
      'docker-unreachable',
      `The engine's host name in ${endpoint.address} (${endpoint.source}) does not resolve: ${err.code}.`,
      BAD_ADDRESS_NEXT,
      { cause: e },
    );
  }
  if (err?.code === 'EACCES' || err?.code === 'EPERM') {
    return new LabError(
      'docker-permission',
      `Permission denied on the Docker socket ${endpoint.address}.`,
      'Add yourself to the docker group (`sudo usermod -aG docker $USER`, then log in again), run as root, or use rootless Podman with DOCKER_HOST.',
      { cause: e },
    );
  }
  if (/no space left on device/i.test(msg)) {
    return new LabError(
      'disk-full',
      `The Docker engine ran out of disk space while it tried to ${what}.`,
      'Free space (`docker system prune`, or delete files on the disk that holds /var/lib/docker), then try again.',
      { cause: e },
    );
  }
  if (err?.statusCode === 404 && /image/i.test(msg)) {
    return new LabError('image-missing', `${msg}.`, 'Build or pull that image, then run the command again.', { cause: e });
  }
  if (err?.code === 'ABORT_ERR' || (e as Error)?.name === 'AbortError') {
    return new LabError('cancelled', `Cancelled while trying to ${what}.`, 'Run the command again when you are ready.', { cause: e });
  }
  if (err?.code === 'ECONNRESET' || err?.code === 'EPIPE' || err?.code === 'ERR_STREAM_PREMATURE_CLOSE') {
    return new LabError('docker-unreachable', `The connection to the engine at ${endpoint.address} (${endpoint.source}) broke while trying to ${what} (${err.code}).`, STUCK_NEXT, { cause: e });
  }
  return new LabError('internal', `Docker failed to ${what}: ${msg}`, podmanNext(msg) ?? 'Check `musl-lab doctor`; if Docker looks healthy, run again with MUSL_LAB_DEBUG=1 and report the output.', { cause: e });
}

/** Where to go from an engine that is not there: the way it was chosen decides (a context is not fixed by DOCKER_HOST). */
function unreachableNext(endpoint: Endpoint): string {
  if (endpoint.context) {
    const back = endpoint.source.includes('(DOCKER_CONTEXT)') ? 'unset DOCKER_CONTEXT, or `docker context use default`' : '`docker context use default`';
    return `Start the engine that the context "${endpoint.context}" points at (\`docker context inspect ${endpoint.context}\`), or go back to the default engine: ${back}. Then run \`musl-lab doctor\`.`;
  }
  if (endpoint.source === 'DOCKER_HOST') return `Start the engine at ${endpoint.address}, or unset DOCKER_HOST to use the default socket. Then run \`musl-lab doctor\`.`;
  return 'Start the Docker engine (as root: `dockerd &`, or `sudo systemctl start docker`), or point DOCKER_HOST at a running engine (Podman: `systemctl --user start podman.socket` and DOCKER_HOST=unix://$XDG_RUNTIME_DIR/podman/podman.sock). Then run `musl-lab doctor`.';
}

/** ssh (ssh.ts) failed, or is not installed: said as ssh's failure, with the command to try by hand. */
function sshProblem(e: unknown, endpoint: Endpoint): LabError | null {
  const err = e as { code?: string; path?: string; syscall?: string };
  if (err?.code === 'ENOENT' && (err.path === 'ssh' || err.syscall === 'spawn ssh')) {
    return new LabError('missing-tool', `${endpoint.address} (${endpoint.source}) is reached with ssh, and no ssh client is installed.`, 'Install an OpenSSH client (Debian/Ubuntu: `sudo apt-get install openssh-client`; Alpine: `apk add openssh-client`).', { cause: e });
  }
  if (!(e instanceof SshError)) return null;
  const said = e.said.split('\n').filter(Boolean).slice(-3).join(' ') || `ssh ended with ${e.status === null ? 'a signal' : `exit ${e.status}`}`;
  const remoteDocker = /docker: (command )?not found|No such file or directory/i.test(e.said);
  return new LabError(
    'docker-unreachable',
    `ssh to the engine at ${endpoint.address} (${endpoint.source}) failed: ${said}`,
    remoteDocker
      ? 'The remote host has no `docker` on the PATH of an ssh command: install the docker CLI there, or fix its PATH for non-interactive ssh.'
      : `Make \`ssh ${e.args.map((a) => (/\s/.test(a) ? `'${a}'` : a)).join(' ')}\` work from this shell (key or agent, known_hosts): musl-lab runs exactly that, as the docker CLI does.`,
    { cause: e },
  );
}

/** Node's names for a certificate chain that the CA in use does not sign. */
const UNTRUSTED = new Set(['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'CERT_UNTRUSTED', 'CERT_SIGNATURE_FAILURE']);

/** A TLS failure in words (never OpenSSL's "error:0A000086:…"), with where the certificates came from. */
function tlsProblem(e: unknown, endpoint: Endpoint): LabError | null {
  const err = e as { code?: string; message?: string; reason?: string };
  const code = err?.code ?? '';
  const what = `The engine at ${endpoint.address} (${endpoint.source})`;
  const from = endpoint.certs ? (endpoint.context ? `the context's TLS files (${endpoint.certs})` : `${path.join(endpoint.certs, 'ca.pem')}${endpoint.source === 'DOCKER_HOST' ? ' (DOCKER_CERT_PATH or the docker config folder)' : ''}`) : 'the system\'s CAs';
  const fix = endpoint.context
    ? `Give the context the engine's CA, certificate and key: \`docker context update ${endpoint.context} --docker "host=${endpoint.address},ca=CA.pem,cert=CERT.pem,key=KEY.pem"\`.`
    : `Put the engine's ca.pem, and your cert.pem and key.pem, in ${endpoint.certs ?? '~/.docker'}, or point DOCKER_CERT_PATH at the folder that has them.`;
  const plain = (m: string) => m.replace(/error:[0-9A-F]{8}:[^:]*:[^:]*:/g, '').replace(/^.*SSL routines::/, '').trim();
  if (UNTRUSTED.has(code)) return new LabError('docker-unreachable', `${what} presented a TLS certificate that the CA in use does not sign (CA from ${from}).`, fix, { cause: e });
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') return new LabError('docker-unreachable', `${what} presented a TLS certificate that is ${code === 'CERT_HAS_EXPIRED' ? 'expired' : 'not valid yet'}.`, 'Renew the engine\'s certificate (or check this machine\'s clock), then run the command again.', { cause: e });
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return new LabError('docker-unreachable', `${what} presented a TLS certificate for another name: ${err.reason ?? plain(err.message ?? '')}.`, 'Use the host name or address the certificate was made for, or make the engine a certificate for this one.', { cause: e });
  if (code.startsWith('ERR_SSL_')) {
    const said = plain(err.message ?? code).replace(/^tlsv1\d? alert /, '');
    const refused = /certificate (required|unknown)|bad certificate|unknown ca/i.test(said);
    return new LabError('docker-unreachable', `${what} refused the TLS connection: ${said}${refused ? ` (client certificate from ${from})` : ''}.`, refused ? fix : 'Check that this address speaks TLS (Docker\'s TLS port is 2376) and that the certificates are the engine\'s.', { cause: e });
  }
  return null;
}
