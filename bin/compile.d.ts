/** See compile.js. */
export declare const DIST_DIR: string;
export interface BuildInfo {
  readonly entry: string;
  readonly inputs: Readonly<Record<string, string>> | null;
}
export declare function stamp(path: string, root?: string): string;
export declare function stampSince(path: string, startedAt: number, root?: string): string;
export declare function isFresh(info: BuildInfo | undefined, root?: string, distDir?: string): boolean;
export declare function compile(): Promise<string>;
export declare function compiledEntryUrl(name?: 'epaper' | 'bench-cold-compose'): Promise<string>;
