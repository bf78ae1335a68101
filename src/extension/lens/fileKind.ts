/**
 * Which front end an open document belongs to, from its name (and, for plain `.ts`, its
 * first comment), as the front-end table says (src/frontends/index.ts). The table claims
 * less in the editor than on the command line: only `*.scenario.yaml` counts as a scenario
 * here, because other YAML in a workspace is none of the lens's business.
 */
import { documentKind } from '../../service/files';

/** A front end's id: `scenario`, `typescript`, or one registered later. */
export type LensFileKind = string;

export function fileKindOf(file: string, text: string): LensFileKind | undefined {
  return documentKind(file, text);
}
