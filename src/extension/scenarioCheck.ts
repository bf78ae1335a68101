/**
 * Checks a scenario document for the editor's diagnostics, in the worker thread, with the
 * scenario front end (`parseScenario`, src/frontends/scenario): YAML syntax, unknown keys,
 * wrong types and bad references, each with its exact line and column and a hint.
 */
import { parseScenario } from '../frontends/scenario';
import type { CheckScenarioParams, CheckScenarioResult } from '../protocol/worker';

export function checkScenario({ text, file }: CheckScenarioParams): CheckScenarioResult {
  return { errors: parseScenario(text, file).errors };
}
