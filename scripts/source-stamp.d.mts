/** The latest modification time (ms) of a directory tree, its folders included. */
export function newestChange(dir: string): number;
