/** See restart.js. */
export declare function restartWith(options?: { readonly nodeArgs?: readonly string[]; readonly env?: Readonly<Record<string, string>> }): Promise<never>;
