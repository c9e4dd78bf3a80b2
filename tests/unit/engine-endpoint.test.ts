import { describe, expect, it } from 'vitest';
import { DockerEngine } from '../../src/engine/client.js';
import { endpointProblem, translateDockerError } from '../../src/engine/errors.js';

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

describe('a DOCKER_HOST that names no engine', () => {
  const fromEnv = (address: string) => ({ address, source: 'DOCKER_HOST' });
  it.each([['unix:///var/run/docker.sock'], ['tcp://10.0.0.5:2375'], ['ssh://me@build-box'], ['https://engine:2376'], ['localhost:2375']])('%s is an address', (a) => {
    expect(endpointProblem(fromEnv(a))).toBeNull();
  });
  it.each([['tcp://['], ['foo://bar'], ['tcp://'], ['unix://']])('%s is not, with a next step about DOCKER_HOST', (a) => {
    const e = endpointProblem(fromEnv(a));
    expect(e?.kind).toBe('docker-unreachable');
    expect(e?.next).toMatch(/DOCKER_HOST/);
    expect(e?.next).not.toMatch(/doctor/);
  });
  it('an unparsable one reaches the first call as that error, not as a crash of the engine client', async () => {
    const engine = new DockerEngine({ DOCKER_HOST: 'tcp://[' });
    await expect(engine.info()).rejects.toMatchObject({ kind: 'docker-unreachable', message: expect.stringMatching(/not an engine address/) });
  });
  it('a host name that does not resolve says so, and the next step is DOCKER_HOST', () => {
    const e = translateDockerError(Object.assign(new Error('getaddrinfo ENOTFOUND garbage'), { code: 'ENOTFOUND' }), fromEnv('garbage'), 'ping');
    expect(e.kind).toBe('docker-unreachable');
    expect(e.message).toMatch(/garbage .*does not resolve/);
    expect(e.next).toMatch(/DOCKER_HOST/);
  });
});
