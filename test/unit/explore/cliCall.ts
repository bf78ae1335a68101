/** Runs one CLI command in-process on in-memory files, for the explore/check/replay tests. */
import { parseArgs, UsageError } from '../../../src/cli/args';
import type { Command } from '../../../src/cli/commands/command';
import type { CliIo } from '../../../src/cli/io';

export function fakeIo(files: Record<string, string>) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    readFile: (p) => {
      if (!(p in files)) throw new Error(`ENOENT: no such file, open '${p}'`);
      return files[p];
    },
    writeFile: () => undefined,
  };
  return { io, out: () => out.join(''), err: () => err.join('') };
}

/** As main.ts does: parse against the command's options, run, usage errors exit 2. */
export function call(cmd: Command, argv: string[], io: CliIo): number {
  try {
    return cmd.run(parseArgs(argv, cmd.options), io);
  } catch (e) {
    if (e instanceof UsageError) return 2;
    throw e;
  }
}
