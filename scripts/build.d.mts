/** Types of scripts/build.mjs (plain JavaScript so that `npm start` can run it before anything is compiled). */
export declare const ROOT: string;
export declare const DIST: string;
export declare function serverSources(): string[];
export declare function outputOf(source: string): string;
export declare function serverBuildState(): 'fresh' | 'stale' | 'missing';
export declare function compileServer(): Promise<{ modules: number; assets: number; bytes: number }>;
export declare function ensureServerBuild(): Promise<'fresh' | 'built'>;
export declare function main(argv: string[]): Promise<number>;
