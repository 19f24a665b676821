import { createServer, Socket, type Server } from 'node:net';

// A TCP pass-through on 127.0.0.1 in front of the team server, for one browser
// profile: closing it cuts that browser off the server (its open WebSocket drops,
// new connections are refused) while other browsers keep reaching the server
// directly. Playwright's `context.setOffline` fails the service worker's new
// requests, but a WebSocket already open is not closed by it (the poke socket would
// still look alive): the gate cuts that too, as a real network loss does.

export interface TcpGate {
  url: string;
  /** Drops every open connection and refuses new ones. */
  close(): void;
  /** Lets connections through again. */
  open(): void;
  stop(): Promise<void>;
}

export async function startTcpGate(target: string): Promise<TcpGate> {
  const { hostname, port } = new URL(target);
  const sockets = new Set<Socket>();
  let closed = false;
  const server: Server = createServer((client) => {
    if (closed) return client.destroy();
    const upstream = new Socket();
    sockets.add(client).add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    upstream.connect(Number(port), hostname, () => {
      client.pipe(upstream);
      upstream.pipe(client);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  const cut = () => {
    closed = true;
    for (const s of sockets) s.destroy();
    sockets.clear();
  };
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: cut,
    open() {
      closed = false;
    },
    stop() {
      cut();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
