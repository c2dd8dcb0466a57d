/** See chromium-binary.js. */
export declare function chromiumBinary(): Promise<{ readonly path: string; readonly args: readonly string[] }>;
export declare function chromiumExecutablePath(): Promise<string>;
export declare function unsupportedPlatform(platform: string, arch: string): string | undefined;
export declare function unpackChunkedLz4(
  fs: Pick<typeof import('node:fs'), 'openSync' | 'readSync' | 'writeSync' | 'closeSync' | 'chmodSync' | 'renameSync' | 'rmSync'>,
  uncompressSync: (block: Buffer) => Buffer,
  packed: string,
  target: string,
): string;
