import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

/**
 * Firefox's counterpart of Chromium's `--host-resolver-rules=MAP * 127.0.0.1:<port>`: an HTTPS proxy (plain
 * CONNECT tunnels) that sends every https request to the local fixture server, whatever host it names. Firefox
 * keeps the real address (https://arxiv.org/abs/…, port 443), so the manifest's real match patterns apply, and
 * the fixture server sees the real Host header. Firefox never proxies localhost, where the fake model listens.
 */
export interface ConnectProxy {
  port: number;
  close(): Promise<void>;
}

export async function startConnectProxy(targetPort: number): Promise<ConnectProxy> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((_request, response) => response.writeHead(405).end('CONNECT only'));
  server.on('connect', (_request, client: Socket, head: Buffer) => {
    const upstream = connect(targetPort, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    }
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
