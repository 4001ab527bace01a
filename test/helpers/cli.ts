/**
 * The arguments to `node` that run the CLI from src/ through tsx, so the tests exercise the code as it
 * is now; bin/taskshare.mjs runs the compiled dist/ (test/install.test.ts checks that path).
 */
export const CLI = ['--import', 'tsx', 'src/cli/main.ts'];
