/**
 * Every `interleave` subcommand, in the order `--help` lists them. `check`, `explore`
 * and `replay` each add one file here and one line below.
 */
import type { Command } from './command';
import { exportCommand } from './export';
import { runCommand } from './run';

export const COMMANDS: readonly Command[] = [runCommand, exportCommand];
