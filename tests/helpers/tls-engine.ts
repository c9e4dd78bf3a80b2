/** A TLS server on 127.0.0.1 that passes every connection on to the real engine's socket: an engine "on another machine" behind TLS. */
import net from 'node:net';
import tls from 'node:tls';

export interface TlsEngine {
  port: number;
  close(): Promise<void>;
}

/** Listens with `options` (certificate, and whether it asks for a client's); `onClient` sees each accepted connection. */
export async function tlsToEngine(options: tls.TlsOptions, onClient: (c: tls.TLSSocket) => void = () => {}): Promise<TlsEngine> {
  const server = tls.createServer(options, (client) => {
    onClient(client);
    const engine = net.connect('/var/run/docker.sock');
    client.on('error', () => engine.destroy());
    engine.on('error', () => client.destroy());
    client.pipe(engine).pipe(client);
  });
  server.on('tlsClientError', () => {}); // refused clients are what some tests expect
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', () => done()));
  return { port: (server.address() as net.AddressInfo).port, close: () => new Promise<void>((done) => server.close(() => done())) };
}
