/**
 * The client's deadlines against the real engine, reached through a forwarder
 * socket that can go quiet after the engine's first answers, or cut a
 * connection in the middle of an archive: each call fails with a LabError in
 * bounded time instead of waiting for ever.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DockerEngine } from '../../src/engine/client.js';
import { LabError } from '../../src/errors.js';
import { imageTag, ownerLabels } from '../../src/lab/environments.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'musl-lab-deadlines-'));
const local = new DockerEngine();
const made: string[] = [];
afterAll(async () => {
  for (const id of made) await local.removeContainer(id);
  rmSync(tmp, { recursive: true, force: true });
});

type Mode = 'pass' | 'silent' | 'cut';

/** A unix socket in front of the real engine: passes bytes, swallows requests (silent), or drops a connection after 64 KiB of an answer (cut). */
async function forwarder(): Promise<{ address: string; set(m: Mode): void; close(): void }> {
  const at = path.join(tmp, `fwd-${Date.now()}.sock`);
  let mode: Mode = 'pass';
  const open = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const engine = net.connect('/var/run/docker.sock');
    let back = 0;
    for (const s of [client, engine]) {
      open.add(s);
      s.on('error', () => (client.destroy(), engine.destroy()));
      s.on('close', () => (open.delete(s), client.destroy(), engine.destroy()));
    }
    client.on('data', (b: Buffer) => void (mode === 'silent' || engine.write(b)));
    engine.on('data', (b: Buffer) => {
      back += b.length;
      if (mode === 'cut' && back > 64 * 1024) return void (client.destroy(), engine.destroy());
      client.write(b);
    });
  });
  await new Promise<void>((r) => server.listen(at, r));
  return {
    address: `unix://${at}`,
    set: (m) => void (mode = m),
    close: () => (open.forEach((s) => s.destroy()), server.close()),
  };
}

describe('deadlines against the real engine', () => {
  it('an engine that goes quiet after answering: the next call fails at its first-byte deadline, with the next step', async () => {
    const fwd = await forwarder();
    try {
      const engine = new DockerEngine({ DOCKER_HOST: fwd.address }, { firstByteMs: 1000 });
      expect((await engine.info()).version).toMatch(/\d/); // a real answer first
      fwd.set('silent');
      const t0 = Date.now();
      const e = await engine.image(imageTag('musl')).then(() => null, (x: unknown) => x);
      expect(e).toBeInstanceOf(LabError);
      expect(e).toMatchObject({ kind: 'docker-unreachable', message: expect.stringMatching(/did not answer within 1 s/) });
      expect((e as LabError).next).toMatch(/docker version/);
      expect(Date.now() - t0).toBeLessThan(5000);
    } finally {
      fwd.close();
    }
  });

  it('a connection dropped in the middle of an archive: getFile rejects, and a whole one still arrives through a working connection', async () => {
    const id = await local.createContainer({ image: imageTag('musl'), labels: ownerLabels('deadlines-test'), user: '65534:65534', cmd: ['true'], memoryBytes: 64 << 20, pidsLimit: 16, nanoCpus: 1e8 }, { start: false });
    made.push(id);
    const fwd = await forwarder();
    try {
      const engine = new DockerEngine({ DOCKER_HOST: fwd.address });
      const whole = await engine.getFile(id, '/bin/busybox');
      expect(whole.content.length).toBeGreaterThan(256 * 1024); // big enough to be cut
      fwd.set('cut');
      const t0 = Date.now();
      const e = await engine.getFile(id, '/bin/busybox').then(() => null, (x: unknown) => x);
      expect(e).toBeInstanceOf(LabError);
      expect(Date.now() - t0).toBeLessThan(5000);
    } finally {
      fwd.close();
    }
  });
});
