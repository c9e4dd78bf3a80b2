import { describe, expect, it } from 'vitest';
import { PODMAN_FILLED_ULIMITS, askProduct, isPodman, mountsFor, podmanNext, ulimitsFor, type Mount } from '../../src/engine/quirks.js';

const core = { Name: 'core', Soft: 0, Hard: 0 };

describe('isPodman', () => {
  it('knows Podman by the product or its /version component name, and nothing else', () => {
    expect(isPodman('Podman')).toBe(true);
    expect(isPodman('Podman Engine')).toBe(true);
    expect(isPodman('Docker Engine')).toBe(false);
    expect(isPodman('Docker Engine - Community')).toBe(false);
  });
});

describe('ulimitsFor', () => {
  it('Docker gets exactly the ulimits asked for: the rest stay inherited from the engine', () => {
    expect(ulimitsFor('Docker Engine', [core])).toEqual([core]);
    expect(ulimitsFor('Docker Engine', [])).toEqual([]);
  });

  it('Podman gets nofile and nproc named too, within the kernel\'s starting limits, so it does not set 1048576', () => {
    const u = ulimitsFor('Podman', [core]);
    expect(u[0]).toEqual(core);
    expect(u.map((x) => x.Name).sort()).toEqual(['core', 'nofile', 'nproc']);
    for (const x of u.slice(1)) {
      expect(x.Soft).toBeLessThanOrEqual(x.Hard);
      expect(x.Hard).toBeLessThanOrEqual(4096);
      expect(x.Hard).toBeLessThan(1048576);
    }
  });

  it('a limit the caller names itself is kept, never doubled or overridden', () => {
    const nofile = { Name: 'nofile', Soft: 64, Hard: 128 };
    const u = ulimitsFor('Podman', [core, nofile]);
    expect(u.filter((x) => x.Name === 'nofile')).toEqual([nofile]);
    expect(u.filter((x) => x.Name === 'nproc')).toEqual([PODMAN_FILLED_ULIMITS.find((x) => x.Name === 'nproc')]);
  });

  it('no ulimits asked: Podman still gets nofile and nproc named (it would set them itself, too high)', () => {
    expect(ulimitsFor('Podman', []).map((x) => x.Name).sort()).toEqual(['nofile', 'nproc']);
  });

  it('the caller\'s list is never changed', () => {
    const wanted = [core];
    ulimitsFor('Podman', wanted);
    expect(wanted).toEqual([core]);
  });
});

/** A scratch place as the lab asks Docker for it: an anonymous volume the local driver makes a tmpfs. */
const scratch = (target: string, o: string): Mount => ({
  Type: 'volume',
  Source: '',
  Target: target,
  VolumeOptions: { NoCopy: true, Labels: { 'org.musl-lab': '1' }, DriverConfig: { Name: 'local', Options: { type: 'tmpfs', device: 'tmpfs', o } } },
});

describe('mountsFor', () => {
  const lab = scratch('/lab', 'size=134217728,mode=1733');
  const tmp = scratch('/tmp', 'size=64m,mode=1777');

  it('Docker gets the volumes as asked (its archive API cannot see into a tmpfs mount)', () => {
    expect(mountsFor('Docker Engine', [lab, tmp])).toEqual([lab, tmp]);
    expect(mountsFor('Docker Engine', undefined)).toBeUndefined();
  });

  it('Podman gets tmpfs mounts of the same size and mode (it would drop the volume options and leave the host disk)', () => {
    expect(mountsFor('Podman', [lab, tmp])).toEqual([
      { Type: 'tmpfs', Target: '/lab', TmpfsOptions: { SizeBytes: 134217728, Mode: 0o1733 } },
      { Type: 'tmpfs', Target: '/tmp', TmpfsOptions: { SizeBytes: 64 * 1024 * 1024, Mode: 0o1777 } },
    ]);
  });

  it('other mounts, and volumes that are not tmpfs, reach Podman unchanged', () => {
    const bind: Mount = { Type: 'bind', Source: '/srv/x', Target: '/x', ReadOnly: true };
    const disk: Mount = { Type: 'volume', Source: 'data', Target: '/data' };
    expect(mountsFor('Podman', [bind, disk])).toEqual([bind, disk]);
    expect(mountsFor('Podman', undefined)).toBeUndefined();
  });

  it('a size or mode it cannot read is left out, never sent as NaN', () => {
    const [m] = mountsFor('Podman', [scratch('/w', 'size=lots,mode=rwx')])!;
    expect(m).toEqual({ Type: 'tmpfs', Target: '/w', TmpfsOptions: {} });
  });
});

describe('askProduct', () => {
  const asked: string[] = [];
  const answering = (status: number) => async (p: string) => {
    asked.push(p);
    if (status !== 200) throw Object.assign(new Error(`status ${status}`), { statusCode: status });
    return 'OK';
  };

  it('Podman answers its own ping; Docker says 404 to it', async () => {
    await expect(askProduct(answering(200))).resolves.toBe('Podman');
    await expect(askProduct(answering(404))).resolves.toBe('Docker Engine');
    expect(asked).toEqual(['/libpod/_ping', '/libpod/_ping']);
  });

  it('an engine that fails otherwise is not taken for Docker: the failure is passed on', async () => {
    await expect(askProduct(answering(500))).rejects.toThrow('status 500');
    await expect(askProduct(async () => Promise.reject(Object.assign(new Error('connect ENOENT'), { code: 'ENOENT' })))).rejects.toThrow('ENOENT');
  });
});

describe('podmanNext', () => {
  it('Podman without catatonit: install it (the message as podman 4.3.1 says it)', () => {
    expect(podmanNext('container create: container-init binary not found on the host: stat /usr/libexec/podman/catatonit: no such file or directory')).toMatch(/install catatonit .*apt-get install catatonit/);
  });

  it('any other failure keeps the general next step', () => {
    expect(podmanNext('no such image: musl-lab/musl:5')).toBeUndefined();
    expect(podmanNext('')).toBeUndefined();
  });
});
