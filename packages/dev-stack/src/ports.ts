import { createServer } from 'node:net';

/** Asks the OS for a free loopback port. Another process could take it before we listen; fine for dev and e2e. */
export function findFreePort(hostname = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, hostname, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function canListen(port: number, hostname: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', (err: NodeJS.ErrnoException) => {
      // A machine without IPv6 cannot be in conflict on ::1.
      resolve(err.code === 'EADDRNOTAVAIL' || err.code === 'EAFNOSUPPORT');
    });
    server.listen({ port, host: hostname, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/**
 * Whether nothing listens on the port on either loopback address. The browser resolves "localhost" to
 * both 127.0.0.1 and ::1, so a server on either one would answer instead of ours.
 */
export async function isPortFree(port: number): Promise<boolean> {
  return (await canListen(port, '127.0.0.1')) && (await canListen(port, '::1'));
}
