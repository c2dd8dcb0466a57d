/** See chromium-binary.js. */
export declare function chromiumBinary(): Promise<{ readonly path: string; readonly args: readonly string[] }>;
export declare function chromiumExecutablePath(): Promise<string>;
