/** The latest modification time (ms) of a directory tree, its folders included. */
export function newestChange(dir: string): number;
/** True when `<root>/dist` was built from sources at least as new as every file now in `<root>/src`. */
export function distIsCurrent(root: string): boolean;
