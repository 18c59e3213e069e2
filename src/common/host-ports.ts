import { createServer } from 'node:net';

/** Whether nothing listens on host:port yet (tries to listen there for an instant). */
export function isPortFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** The ports of the list that something already listens on. */
export async function takenPorts(addresses: { host: string; port: number }[]): Promise<{ host: string; port: number }[]> {
  const free = await Promise.all(addresses.map((a) => isPortFree(a.host, a.port)));
  return addresses.filter((_, i) => !free[i]);
}
