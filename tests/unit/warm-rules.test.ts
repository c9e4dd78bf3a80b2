/** The rules of warm environments (warm.ts), without Docker: which container serves, how long, and where the lock lives. */
import { describe, expect, it } from 'vitest';
import { LABEL } from '../../src/lab/environments.js';
import { lstatSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type ListedContainer, WARM, WARM_IDLE_SECONDS, chooseWarm, keepWarmFromEnv, lockFile, machineIdentity, ownerKey } from '../../src/lab/warm.js';

const want = { env: 'musl' as const, imageId: 'sha256:new', owner: 'me', agent: 'a1' };
const warm = (over: Partial<Record<string, string>> = {}, state = 'running'): ListedContainer => ({
  id: `c-${Object.values(over).join('-') || 'ok'}-${state}`,
  state,
  labels: { [LABEL.app]: '1', [WARM.warm]: '1', [LABEL.env]: 'musl', [WARM.owner]: 'me', [WARM.imageId]: 'sha256:new', [WARM.agent]: 'a1', [WARM.uid]: '23456', ...over },
});

describe('chooseWarm: the reuse key is environment, owner, image id and agent', () => {
  it('takes the running container that matches all four, with its learner uid', () => {
    expect(chooseWarm([warm()], want)).toEqual({ id: 'c-ok-running', uid: 23456 });
  });

  it.each([
    ['another environment', { [LABEL.env]: 'glibc' }],
    ["another user's (a room on one engine)", { [WARM.owner]: 'you' }],
    ['one made from an older build of the image', { [WARM.imageId]: 'sha256:old' }],
    ['one running an older agent', { [WARM.agent]: 'a0' }],
    ['one not kept warm (a plain session)', { [WARM.warm]: '' }],
    ['one whose learner uid is missing or root-like', { [WARM.uid]: '0' }],
  ])('never serves %s', (_what, over) => {
    expect(chooseWarm([warm(over)], want)).toBeNull();
  });

  it('never serves a stopped one, and finds the good one among the rest', () => {
    expect(chooseWarm([warm({}, 'exited')], want)).toBeNull();
    expect(chooseWarm([warm({ [WARM.imageId]: 'sha256:old' }), warm({}, 'exited'), warm()], want)?.id).toBe('c-ok-running');
  });
});

describe('keeping warm: on by default for about 10 minutes, off or longer by the environment', () => {
  it('reads MUSL_LAB_KEEP_WARM', () => {
    expect(keepWarmFromEnv({})).toBe(WARM_IDLE_SECONDS);
    expect(WARM_IDLE_SECONDS).toBe(600);
    for (const off of ['0', 'no', 'off', 'false', 'OFF']) expect(keepWarmFromEnv({ MUSL_LAB_KEEP_WARM: off })).toBe(false);
    expect(keepWarmFromEnv({ MUSL_LAB_KEEP_WARM: '90' })).toBe(90);
    expect(keepWarmFromEnv({ MUSL_LAB_KEEP_WARM: 'soon' })).toBe(WARM_IDLE_SECONDS); // nonsense keeps the default
    expect(keepWarmFromEnv({ MUSL_LAB_KEEP_WARM: String(3 * 24 * 3600) })).toBe(WARM_IDLE_SECONDS); // beyond a day: default
  });

  it('the owner differs by home folder (two learners, one machine) and is stable', () => {
    expect(ownerKey({ MUSL_LAB_HOME: '/home/a' })).toBe(ownerKey({ MUSL_LAB_HOME: '/home/a' }));
    expect(ownerKey({ MUSL_LAB_HOME: '/home/a' })).not.toBe(ownerKey({ MUSL_LAB_HOME: '/home/b' }));
  });

  it('the owner differs between cloned machines (same host name, uid and home; another machine-id or boot)', () => {
    const clone = (machineId: string, bootId: string) => machineIdentity((f) => (f.endsWith('machine-id') ? machineId : bootId));
    expect(clone('m1', 'b1')).not.toBe(clone('m1', 'b2'));
    expect(ownerKey({ MUSL_LAB_HOME: '/home/a' }, clone('m1', 'b1'))).not.toBe(ownerKey({ MUSL_LAB_HOME: '/home/a' }, clone('m1', 'b2')));
    expect(ownerKey({ MUSL_LAB_HOME: '/home/a' }, clone('m1', 'b1'))).not.toBe(ownerKey({ MUSL_LAB_HOME: '/home/a' }, clone('m2', 'b1')));
    expect(machineIdentity()).toContain(readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim());
  });

  it('lock files live in a folder only this user can enter (XDG_RUNTIME_DIR\'s or the data folder\'s), never the shared temp folder', async () => {
    const home = await mkdtemp(path.join(os.tmpdir(), 'musl-lab-locks-'));
    try {
      const runtime = path.join(home, 'run');
      await mkdir(runtime, { mode: 0o700 });
      expect(lockFile('0123456789abcdef0123', { XDG_RUNTIME_DIR: runtime })).toBe(path.join(runtime, 'musl-lab', '0123456789abcdef.lock'));
      const inHome = lockFile('0123456789abcdef0123', { XDG_RUNTIME_DIR: 'relative', MUSL_LAB_HOME: path.join(home, 'lab') });
      expect(inHome).toBe(path.join(home, 'lab', 'locks', '0123456789abcdef.lock'));
      for (const dir of [path.join(runtime, 'musl-lab'), path.dirname(inHome)]) {
        const st = lstatSync(dir);
        expect(st.mode & 0o777).toBe(0o700);
        expect(st.uid).toBe(process.getuid!());
      }
      expect(path.dirname(lockFile('0123456789abcdef0123', { MUSL_LAB_HOME: path.join(home, 'lab') }))).not.toBe(os.tmpdir());
      // a lock folder that is a link to somewhere else is refused, not followed
      const elsewhere = path.join(home, 'elsewhere');
      await mkdir(elsewhere);
      await mkdir(path.join(home, 'linked'));
      await symlink(elsewhere, path.join(home, 'linked', 'locks'));
      expect(() => lockFile('0123456789abcdef0123', { MUSL_LAB_HOME: path.join(home, 'linked') })).toThrow(/not a folder of yours/);
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });
});
