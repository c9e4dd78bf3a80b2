/**
 * An ssh:// engine reached as the docker CLI reaches it: the system's `ssh` runs
 * `docker system dial-stdio` on the remote host, and its stdin/stdout carry the
 * engine's HTTP (docker/cli cli/connhelper/connhelper.go, ssh/ssh.go). So the
 * user's ~/.ssh/config, keys, agent, known_hosts and ProxyJump all apply, as they
 * do for `docker -H ssh://…`. (docker-modem's own ssh2 transport reads none of
 * them: only an agent's keys, and it accepts any host key.)
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import { Duplex } from 'node:stream';

/** ssh's arguments for an ssh:// address, in the docker CLI's order (connhelper.go: ConnectTimeout=30, -T; ssh.go Args). */
export function sshArgs(address: string): string[] {
  const url = new URL(address);
  const socket = url.pathname.replace(/^\/+|\/+$/g, '') ? url.pathname : '';
  return [
    '-o', 'ConnectTimeout=30',
    '-T',
    // musl-lab never asks at a terminal: a password or host-key prompt would hang the lab
    '-o', 'BatchMode=yes',
    ...(url.username ? ['-l', decodeURIComponent(url.username)] : []),
    ...(url.port ? ['-p', url.port] : []),
    '--', url.hostname,
    'docker', ...(socket ? [`--host=unix://${socket}`] : []), 'system', 'dial-stdio',
  ];
}

/** ssh itself failed (exit status and what it said on stderr, e.g. "Permission denied (publickey)."). */
export class SshError extends Error {
  readonly code = 'ESSH';
  constructor(
    readonly args: string[],
    readonly status: number | null,
    readonly said: string,
  ) {
    super(`ssh ${args.join(' ')} failed (${status === null ? 'killed' : `exit ${status}`})${said ? `: ${said}` : ''}`);
  }
}

/** One ssh per connection, kept alive between requests like a socket. */
export class SshDialAgent extends http.Agent {
  constructor(private readonly address: string) {
    super({ keepAlive: true });
  }

  override createConnection(): Duplex {
    return dial(sshArgs(this.address));
  }
}

function dial(args: string[]): Duplex {
  const child = spawn('ssh', args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let said = '';
  child.stderr.on('data', (b: Buffer) => void (said = (said + b.toString()).slice(-2000)));
  // Writes to an ssh that has gone fail with EPIPE; what ssh said when it ended is the reason, reported at close.
  child.stdin.on('error', () => {});
  const duplex = new Duplex({
    write(chunk, _enc, done) {
      if (child.stdin.writable) child.stdin.write(chunk, () => done());
      else done();
    },
    final(done) {
      child.stdin.end();
      done();
    },
    read() {
      child.stdout.resume();
    },
    destroy(err, done) {
      if (child.exitCode === null) child.kill();
      done(err);
    },
  });
  child.stdout.on('data', (b: Buffer) => {
    if (!duplex.push(b)) child.stdout.pause();
  });
  child.on('error', (e) => duplex.destroy(e)); // no ssh client (ENOENT, path "ssh")
  // 'close' comes after the exit and the end of ssh's output: a failure is reported as ssh's, not as a broken pipe
  child.on('close', (status) => {
    if (status === 0) duplex.push(null);
    else duplex.destroy(new SshError(args, status, said.trim()));
  });
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
