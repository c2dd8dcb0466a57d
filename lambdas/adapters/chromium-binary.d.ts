/** See chromium-binary.js. */
export declare function chromiumExecutablePath(): Promise<string>;
