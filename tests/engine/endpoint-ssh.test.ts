/**
 * An engine on another machine, reached over ssh as the docker CLI reaches it
 * (`DOCKER_HOST=ssh://user@host:port`, or a context on such an address): the remote
 * side runs `docker system dial-stdio`. Here the "other machine" is an sshd of our
 * own on 127.0.0.1 (Debian's openssh-server) in front of the real engine, and the
 * user's ~/.ssh (key, known_hosts) is a folder of the test, bound over /root in a
 * mount namespace (`unshare -m`; needs root): OpenSSH reads the passwd entry's home,
 * not $HOME. The docker CLI itself, in the same namespace, is the reference: what
 * it reaches, musl-lab must reach; where it fails, musl-lab must say why.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = path.join(import.meta.dirname, '..', '..', 'bin', 'musl-lab.js');
const SSHD = '/usr/sbin/sshd';
const tmp = mkdtempSync(path.join(os.tmpdir(), 'musl-lab-ssh-'));
const HELLO = '#include <stdio.h>\nint main(void) { puts("hello over ssh"); return 0; }\n';

let sshd: ChildProcess;
let port = 0;
let address = '';

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });

const keygen = (file: string) => execa('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'musl-lab-test', '-f', file]);

/** A home folder with a key pair; `authorized` says whether sshd accepts its key. */
async function makeHome(name: string): Promise<string> {
  const home = path.join(tmp, name);
  mkdirSync(path.join(home, '.ssh'), { recursive: true, mode: 0o700 });
  await keygen(path.join(home, '.ssh', 'id_ed25519'));
  const hostKey = readFileSync(path.join(tmp, 'host_key.pub'), 'utf8').split(' ').slice(0, 2).join(' ');
  writeFileSync(path.join(home, '.ssh', 'known_hosts'), `[127.0.0.1]:${port} ${hostKey}\n`);
  return home;
}

/** A command run as root whose home (/root: key, known_hosts, the docker CLI's config) is `home`. */
function asUser(home: string, argv: string[], env: Record<string, string> = {}) {
  return execa('unshare', ['-m', 'sh', '-c', 'mount --bind "$0" /root && exec "$@"', home, ...argv], {
    reject: false,
    timeout: 120_000,
    extendEnv: false,
    cwd: tmp,
    env: { PATH: process.env.PATH!, HOME: '/root', NO_COLOR: '1', MUSL_LAB_HOME: path.join(tmp, 'lab-home'), ...env },
  });
}
const musl = (home: string, args: string[], env: Record<string, string> = {}) => asUser(home, ['node', BIN, ...args], env);

let home = '';
let stranger = '';

beforeAll(async () => {
  port = await freePort();
  address = `ssh://root@127.0.0.1:${port}`;
  await keygen(path.join(tmp, 'host_key'));
  mkdirSync('/run/sshd', { recursive: true }); // sshd's privilege-separation folder
  home = await makeHome('home');
  stranger = await makeHome('stranger'); // a key sshd does not know
  writeFileSync(path.join(tmp, 'authorized_keys'), readFileSync(path.join(home, '.ssh', 'id_ed25519.pub')));
  writeFileSync(path.join(tmp, 'hello.c'), HELLO);
  writeFileSync(
    path.join(tmp, 'sshd_config'),
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${path.join(tmp, 'host_key')}`,
      `AuthorizedKeysFile ${path.join(tmp, 'authorized_keys')}`,
      'PermitRootLogin prohibit-password',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'UsePAM no',
      'StrictModes no',
      `PidFile ${path.join(tmp, 'sshd.pid')}`,
      '',
    ].join('\n'),
  );
  sshd = spawn(SSHD, ['-D', '-e', '-f', path.join(tmp, 'sshd_config')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let said = '';
  sshd.stderr!.on('data', (b: Buffer) => void (said += b.toString()));
  for (let i = 0; i < 100; i++) {
    const up = await new Promise<boolean>((r) => net.connect(port, '127.0.0.1').once('connect', function (this: net.Socket) { this.destroy(); r(true); }).once('error', () => r(false)));
    if (up) return;
    if (sshd.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`sshd did not start: ${said}`);
}, 60_000);

afterAll(() => {
  sshd?.kill();
  rmSync(tmp, { recursive: true, force: true });
});

describe('an engine over ssh (a local sshd in front of the real engine)', () => {
  it('the docker CLI reaches it: the setup is one the CLI accepts', async () => {
    const r = await asUser(home, ['docker', '-H', address, 'version', '--format', '{{.Server.Version}}']);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+/);
  });

  it('DOCKER_HOST=ssh://…: doctor talks to the engine there and says why it chose it', async () => {
    const r = await musl(home, ['doctor', '--quick'], { DOCKER_HOST: address });
    expect(r.stdout).toMatch(new RegExp(`^✓ engine: .* at ${address.replace(/[.:/]/g, '\\$&')} \\[DOCKER_HOST\\]`, 'm'));
    expect(r.exitCode).toBe(0);
  });

  it('a compare runs in both environments through it', async () => {
    const r = await musl(home, ['compare', 'hello.c', '--json'], { DOCKER_HOST: address });
    expect(r.exitCode, r.stderr).toBe(0);
    const sides = (JSON.parse(r.stdout) as { environments: { env: string; run?: { stdout: string } }[] }).environments;
    expect(sides.map((s) => [s.env, s.run?.stdout])).toEqual([
      ['glibc', 'hello over ssh\n'],
      ['musl', 'hello over ssh\n'],
    ]);
    await musl(home, ['stop'], { DOCKER_HOST: address });
  });

  it('a docker context on the ssh address (made by the docker CLI) is found and named', async () => {
    const config = '/root/.docker-ssh-test';
    const made = await asUser(home, ['sh', '-c', `docker context create remote --docker host=${address} >/dev/null && docker context use remote >/dev/null && echo ok`], { DOCKER_CONFIG: config });
    expect(made.stdout.trim(), made.stderr).toBe('ok');
    const r = await musl(home, ['doctor', '--quick'], { DOCKER_CONFIG: config });
    expect(r.stdout).toMatch(/^✓ engine: .* \[context remote\]/m);
    expect(r.exitCode).toBe(0);
  });

  it('a key the server refuses: the docker CLI fails, and musl-lab says it is ssh that failed, with the next step', async () => {
    const ref = await asUser(stranger, ['docker', '-H', address, 'version', '--format', '{{.Server.Version}}']);
    expect(ref.exitCode).not.toBe(0);
    const r = await musl(stranger, ['doctor', '--quick'], { DOCKER_HOST: address });
    expect(r.exitCode).not.toBe(0);
    const said = r.stdout + r.stderr;
    expect(said).toMatch(/ssh/i);
    expect(said).toMatch(/Permission denied|publickey|authenticat/i);
    expect(said).not.toMatch(/\n\s+at .*\(.*\.js:\d+/); // no stack trace
  });
});
