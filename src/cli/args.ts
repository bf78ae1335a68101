/**
 * Command-line arguments → positionals and options, checked against what a command
 * accepts. An unknown option is a usage error with a "did you mean" hint.
 */
import { closest } from '../service/files';

export interface OptionSpec {
  /** `--seed`; with `alias` such as `-o`. */
  readonly name: string;
  readonly alias?: string;
  /** Takes a value (`--seed 3` or `--seed=3`); otherwise a flag. */
  readonly value: boolean;
  /** May be given more than once (`--set a=1 --set b=2`). */
  readonly repeat?: boolean;
  readonly help: string;
  readonly placeholder?: string;
}

export interface ParsedArgs {
  readonly positionals: string[];
  readonly options: Map<string, string[]>;
  readonly flags: Set<string>;
}

export class UsageError extends Error {}

export function parseArgs(argv: readonly string[], specs: readonly OptionSpec[]): ParsedArgs {
  const positionals: string[] = [];
  const options = new Map<string, string[]>();
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const word = eq > 0 && arg.startsWith('--') ? arg.slice(0, eq) : arg;
    const spec = specs.find((s) => s.name === word || s.alias === word);
    if (!spec) {
      const near = closest(word, specs.map((s) => s.name));
      throw new UsageError(`unknown option ${word}${near ? ` (did you mean ${near}?)` : ''}`);
    }
    if (!spec.value) {
      if (eq > 0 && arg.startsWith('--')) throw new UsageError(`${spec.name} takes no value`);
      flags.add(spec.name);
      continue;
    }
    let value: string | undefined;
    if (eq > 0 && arg.startsWith('--')) value = arg.slice(eq + 1);
    else value = argv[++i];
    if (value === undefined) throw new UsageError(`${spec.name} needs a value: ${spec.name} ${spec.placeholder ?? 'VALUE'}`);
    const list = options.get(spec.name) ?? [];
    if (list.length > 0 && !spec.repeat) throw new UsageError(`${spec.name} is given twice; give it once`);
    list.push(value);
    options.set(spec.name, list);
  }
  return { positionals, options, flags };
}

export function one(args: ParsedArgs, name: string): string | undefined {
  return args.options.get(name)?.[0];
}

/** `--seed N`: a whole number ≥ 0. */
export function seedOption(args: ParsedArgs): number | undefined {
  const text = one(args, '--seed');
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text))) {
    throw new UsageError(`--seed needs a whole number ≥ 0, got "${text}"`);
  }
  return Number(text);
}

/**
 * `--set PATH=VALUE`, repeatable. Numbers and true/false become values of that type;
 * anything else (`4ms`, `go`) stays text, and the core checks it.
 */
export function setOptions(args: ParsedArgs, settable: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const item of args.options.get('--set') ?? []) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new UsageError(`--set needs PATH=VALUE, e.g. --set runtime.gomaxprocs=1; got "${item}"`);
    const path = item.slice(0, eq).trim();
    const text = item.slice(eq + 1).trim();
    if (!settable.includes(path)) {
      const near = closest(path, settable);
      throw new UsageError(`--set ${path}: unknown setting; ${near ? `did you mean ${near}?` : `the settings are ${settable.join(', ')}`}`);
    }
    out[path] = text === 'true' ? true : text === 'false' ? false : text !== '' && Number.isFinite(Number(text)) ? Number(text) : text;
  }
  return out;
}

export const SEED_OPTION: OptionSpec = { name: '--seed', value: true, placeholder: 'N', help: 'seed of the schedule choices (default: the file\'s seed, else 1)' };
export const SET_OPTION: OptionSpec = {
  name: '--set', value: true, repeat: true, placeholder: 'PATH=VALUE', help: 'override a setting, e.g. runtime.gomaxprocs=1 or os.quantum=2ms (repeatable)',
};
export const HELP_OPTION: OptionSpec = { name: '--help', alias: '-h', value: false, help: 'show this help' };

export function optionHelp(specs: readonly OptionSpec[]): string {
  const rows = specs.map((s) => [`${s.alias ? `${s.alias}, ` : ''}${s.name}${s.value ? ` ${s.placeholder ?? 'VALUE'}` : ''}`, s.help]);
  const width = Math.max(...rows.map((r) => r[0].length));
  return rows.map(([a, b]) => `  ${a.padEnd(width)}  ${b}`).join('\n');
}
