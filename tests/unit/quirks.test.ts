import { describe, expect, it } from 'vitest';
import { PODMAN_FILLED_ULIMITS, isPodman, ulimitsFor } from '../../src/engine/quirks.js';

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
