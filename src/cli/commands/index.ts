/**
 * Every `interleave` subcommand, in the order `--help` lists them: one file each.
 */
import type { Command } from './command';
import { checkCommand } from './check';
import { exploreCommand } from './explore';
import { exportCommand } from './export';
import { mergeCommand } from './merge';
import { replayCommand } from './replay';
import { runCommand } from './run';

export const COMMANDS: readonly Command[] = [runCommand, checkCommand, mergeCommand, exploreCommand, replayCommand, exportCommand];
