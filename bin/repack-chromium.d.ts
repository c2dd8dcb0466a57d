/** See repack-chromium.js. */
export declare const CHROMIUM_LZ4_CHUNK_BYTES: number;
export declare function packChunkedLz4(source: AsyncIterable<Buffer>, target: string, chunkBytes?: number): Promise<string>;
export declare function repackChromium(binDir: string): Promise<string>;
