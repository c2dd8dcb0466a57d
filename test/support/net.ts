/** Test support: a free TCP port on the loopback address, for servers a test starts. */
import { createServer } from 'node:net';

/** Asks the OS for a free port on 127.0.0.1 and releases it. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** The ports `epaper dev` names in its ready line, for a process started with port 0. */
export function portsFromReadyLine(line: string): { s3Port: number; apiPort: number } {
  const [, s3, api] = /S3 http:\/\/127\.0\.0\.1:(\d+) .* API http:\/\/127\.0\.0\.1:(\d+),/.exec(line) ?? [];
  if (!s3 || !api) throw new Error(`not epaper dev's ready line: ${line}`);
  return { s3Port: Number(s3), apiPort: Number(api) };
}
