/**
 * Which front end a document belongs to, from its name (and, for plain `.ts`, its first
 * comment). Only `*.scenario.yaml` counts as a scenario here: other YAML in a workspace
 * is none of the lens's business (the command line takes any YAML it is given).
 */
import { isSimTypeScript } from '../../frontends/sourceKind';

export type LensFileKind = 'scenario' | 'sim-ts';

export function fileKindOf(file: string, text: string): LensFileKind | undefined {
  if (/\.scenario\.ya?ml$/.test(file)) return 'scenario';
  return isSimTypeScript(file, text) ? 'sim-ts' : undefined;
}
