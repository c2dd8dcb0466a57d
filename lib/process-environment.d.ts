/** See process-environment.js. */
export declare const PROCESS_ENVIRONMENT: Readonly<Record<string, string>>;
