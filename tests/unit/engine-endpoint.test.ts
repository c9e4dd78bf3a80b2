import { describe, expect, it } from 'vitest';
import { resolveEndpoint, translateDockerError } from '../../src/lab/engine.js';

describe('resolveEndpoint', () => {
  it('prefers DOCKER_HOST', () => {
    expect(resolveEndpoint({ DOCKER_HOST: 'tcp://10.0.0.5:2375' }, () => true).endpoint).toEqual({ address: 'tcp://10.0.0.5:2375', source: 'DOCKER_HOST' });
  });
  it('uses the default socket when present', () => {
    expect(resolveEndpoint({}, (p) => p === '/var/run/docker.sock').endpoint.source).toBe('default socket');
  });
  it("falls back to Podman's Docker-compatible socket", () => {
    const r = resolveEndpoint({ XDG_RUNTIME_DIR: '/run/user/1000' }, (p) => p === '/run/user/1000/podman/podman.sock');
    expect(r.endpoint).toEqual({ address: 'unix:///run/user/1000/podman/podman.sock', source: 'Podman socket' });
  });
  it('says when nothing is there', () => {
    expect(resolveEndpoint({}, () => false).endpoint.source).toMatch(/missing/);
  });
});

describe('translateDockerError', () => {
  const ep = { address: 'unix:///var/run/docker.sock', source: 'default socket' };
  it('turns a missing socket into docker-unreachable with a next step', () => {
    const e = translateDockerError(Object.assign(new Error('connect ENOENT'), { code: 'ENOENT' }), ep, 'ping');
    expect(e.kind).toBe('docker-unreachable');
    expect(e.next).toMatch(/dockerd|systemctl/);
  });
  it('turns EACCES into a permission problem', () => {
    expect(translateDockerError(Object.assign(new Error('x'), { code: 'EACCES' }), ep, 'ping').kind).toBe('docker-permission');
  });
  it('recognises a full disk', () => {
    expect(translateDockerError({ statusCode: 500, json: { message: 'write /var/lib/docker/x: no space left on device' } }, ep, 'build').kind).toBe('disk-full');
  });
  it('recognises a missing image', () => {
    expect(translateDockerError({ statusCode: 404, json: { message: 'No such image: musl-lab/musl:1' } }, ep, 'run').kind).toBe('image-missing');
  });
});
