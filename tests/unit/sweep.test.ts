/**
 * The sweep's rules on what the engine said (issue 21): ages by the engine's own
 * clock, "created" is not dead, a live owner spares, nothing trusts a label's clock.
 */
import { describe, expect, it } from 'vitest';
import { LABEL } from '../../src/lab/environments.js';
import { LIMITS } from '../../src/lab/limits.js';
import { CREATED_GRACE_MS, NETWORK_GRACE_MS, leftovers, ownerAliveHere } from '../../src/lab/sweep.js';
import os from 'node:os';

const now = Date.parse('2026-12-06T08:00:00Z');
const labels = (o: Record<string, string> = {}) => ({ [LABEL.app]: '1', [LABEL.session]: 's', [LABEL.host]: 'h', [LABEL.pid]: '42', ...o });
const c = (id: string, state: string, ageMs: number, l: Record<string, string> = labels()) => ({ id, state, created: now - ageMs, labels: l });
const sweep = (containers: ReturnType<typeof c>[], alive = false, networks: Parameters<typeof leftovers>[0]['networks'] = []) => leftovers({ now, containers, networks, ownerAlive: () => alive });

describe('the sweep', () => {
  it('removes exited and dead containers at once', () => {
    expect(sweep([c('a', 'exited', 1000), c('b', 'dead', 1000)]).containers).toEqual(['a', 'b']);
  });

  it('leaves a container that is starting ("created") alone, unless it stayed so past the grace period with its owner gone', () => {
    expect(sweep([c('a', 'created', 2000)]).containers).toEqual([]);
    expect(sweep([c('a', 'created', CREATED_GRACE_MS + 1000)], true).containers).toEqual([]);
    expect(sweep([c('a', 'created', CREATED_GRACE_MS + 1000)], false).containers).toEqual(['a']);
  });

  it('judges expiry by the engine\'s creation time, never by the creator\'s clock label', () => {
    const lying = labels({ [LABEL.created]: '2020-01-01T00:00:00Z' });
    expect(sweep([c('a', 'running', 60_000, lying)]).containers).toEqual([]);
    expect(sweep([c('b', 'running', LIMITS.maxLabLifetimeMs + 1000, labels({ [LABEL.created]: new Date(now).toISOString() }))]).containers).toEqual(['b']);
  });

  it('never touches a running container of a live lab, or anything without a session label', () => {
    expect(sweep([c('a', 'running', 3600_000), c('b', 'exited', 1000, { [LABEL.app]: '1' })]).containers).toEqual([]);
  });

  it('removes an empty network past its grace period whose owner is not alive here', () => {
    const n = (id: string, ageMs: number, containers: number | null) => ({ id, labels: labels(), created: now - ageMs, containers });
    const nets = [n('young', NETWORK_GRACE_MS - 1000, 0), n('empty', NETWORK_GRACE_MS + 1000, 0), n('used', NETWORK_GRACE_MS + 1000, 2), n('old', LIMITS.maxLabLifetimeMs + 1000, 2)];
    expect(sweep([], false, nets).networks).toEqual(['empty', 'old']);
    expect(sweep([], true, nets).networks).toEqual(['old']);
  });

  it('counts an owner alive only on this host with a live pid', () => {
    expect(ownerAliveHere({ [LABEL.host]: os.hostname(), [LABEL.pid]: String(process.pid) })).toBe(true);
    expect(ownerAliveHere({ [LABEL.host]: 'elsewhere', [LABEL.pid]: String(process.pid) })).toBe(false);
    expect(ownerAliveHere({ [LABEL.host]: os.hostname(), [LABEL.pid]: '7' }, () => false)).toBe(false);
  });
});
