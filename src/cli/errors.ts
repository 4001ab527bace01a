/** A failure the CLI reports as one line (`taskshare: <message>`) and exit status 1. */
export class CliError extends Error {}
