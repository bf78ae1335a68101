/**
 * `interleave`: the command line (cli.md). Parses the subcommand and its options, runs
 * it against an injected `CliIo`, and returns the exit status: 0 no findings,
 * 1 findings, 2 bad input, usage, or no answer within the budgets. As a program
 * (dist/cli.js, bin.ts), it runs in a worker under guard/supervisor.ts.
 */
import { HELP_OPTION, optionHelp, parseArgs, UsageError } from './args';
import { DEFAULT_MEMORY_MB, DEFAULT_TIME_S } from './budgets';
import { COMMANDS } from './commands/index';
import type { Command } from './commands/command';
import { EXIT_OK, EXIT_USAGE, nodeIo, type CliIo } from './io';
import { closest } from '../service/files';

function generalHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'interleave: run concurrent programs on a simulated machine',
    '',
    'usage: interleave COMMAND FILE [options]',
    '',
    'commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `interleave COMMAND --help` for a command\'s options.',
    `Every command has budgets: --time SECONDS (wall clock per file, default ${DEFAULT_TIME_S}), --events N,`,
    `--memory-mb MIB (default ${DEFAULT_MEMORY_MB}); check and explore also --schedules N.`,
    'Exit status: 0 no findings, 1 findings, 2 bad input or usage, or no answer within the budgets; 130 Ctrl+C.',
  ].join('\n') + '\n';
}

function commandHelp(c: Command): string {
  return [`usage: ${c.usage}`, '', c.summary, ...(c.details ? ['', c.details] : []), '', 'options:', optionHelp(c.options)]
    .join('\n') + '\n';
}

export function main(argv: readonly string[], io: CliIo = nodeIo()): number {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' ? COMMANDS.find((c) => c.name === rest[0]) : undefined;
    io.out(topic ? commandHelp(topic) : generalHelp());
    return name === undefined ? EXIT_USAGE : EXIT_OK;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    const near = closest(name, COMMANDS.map((c) => c.name));
    io.err(`interleave: unknown command \`${name}\`${near ? ` (did you mean \`${near}\`?)` : ''}\n`
      + `The commands are ${COMMANDS.map((c) => c.name).join(', ')}; run \`interleave --help\`.\n`);
    return EXIT_USAGE;
  }
  try {
    const args = parseArgs(rest, command.options.includes(HELP_OPTION) ? command.options : [...command.options, HELP_OPTION]);
    if (args.flags.has('--help')) {
      io.out(commandHelp(command));
      return EXIT_OK;
    }
    return command.run(args, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`interleave ${command.name}: ${err.message}\nusage: ${command.usage}\n`);
      return EXIT_USAGE;
    }
    io.err(`interleave ${command.name}: internal error: ${(err as Error).stack ?? String(err)}\n`);
    return EXIT_USAGE;
  }
}
