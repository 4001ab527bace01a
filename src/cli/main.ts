/**
 * `taskshare`: one command per file under commands/. Wrong usage says what is wrong, points to --help
 * and exits 2; an unknown TASKSHARE_* variable is a warning naming the closest known one.
 */
import { Command, CommanderError } from 'commander';
import { unknownVariables } from '../config/index.ts';
import { VERSION } from '../version.ts';
import { CliError } from './client.ts';
import { classifyCommand } from './commands/classify.ts';
import { configCommand } from './commands/config.ts';
import { demoCommand } from './commands/demo.ts';
import { ingestCommand } from './commands/ingest.ts';
import { keysCommand } from './commands/keys.ts';
import { proxyCommand } from './commands/proxy.ts';
import { serveCommand } from './commands/serve.ts';
import { snapshotCommand } from './commands/snapshot.ts';

// `taskshare snapshot | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

const program = new Command('taskshare').description('Task-classification market share for LLM platforms').version(VERSION).exitOverride();

for (const add of [serveCommand, keysCommand, snapshotCommand, configCommand, ingestCommand, classifyCommand, demoCommand, proxyCommand])
  add(program);

/** A usage error is one line: what is wrong (with commander's suggestion) and the command's own --help. */
function pointToHelp(command: Command, path: string): void {
  command.configureOutput({
    outputError: (message, write) => {
      const what = message
        .trim()
        .replace(/^error: /, '')
        .replace(/\n\(Did you mean ([^)]*)\)/, ' (did you mean $1)')
        .replace(/\s*\n\s*/g, ' ')
        .replace(/\.$/, '');
      write(`taskshare: ${what}; run "${path} --help" for usage\n`);
    },
  });
  for (const sub of command.commands) pointToHelp(sub, `${path} ${sub.name()}`);
}
pointToHelp(program, 'taskshare');

// A misspelt variable would otherwise be ignored without a word.
for (const { name, closest } of unknownVariables(process.env))
  process.stderr.write(`taskshare: warning: ${name} is not a taskshare variable and is ignored; did you mean ${closest}?\n`);

try {
  if (process.argv.length <= 2) {
    program.outputHelp({ error: true });
    process.exit(2);
  }
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    // Help and version are not errors; everything else commander reports is wrong usage.
    process.exit(err.exitCode === 0 ? 0 : 2);
  }
  if (err instanceof CliError) {
    process.stderr.write(`taskshare: ${err.message}\n`);
    process.exit(1);
  }
  throw err;
}
