/**
 * Checks a scenario document for the editor's diagnostics, in the worker thread.
 *
 * Until the scenario front end (src/frontends/scenario, `parseScenario`) is wired into the
 * worker, this is a YAML syntax check plus the one structural rule every scenario obeys
 * (the top level is a mapping). Each error names the exact line and column.
 */
import { LineCounter, parseDocument, isMap } from 'yaml';
import type { InputError } from '../core/findings';
import type { SourceRange } from '../core/program';
import type { CheckScenarioParams, CheckScenarioResult } from '../protocol/worker';

function rangeOf(file: string, lines: LineCounter, start: number, end: number): SourceRange {
  const from = lines.linePos(start);
  const to = lines.linePos(Math.max(end, start + 1));
  return { file, line: from.line, column: from.col, endLine: to.line, endColumn: to.col };
}

export function checkScenario({ text, file }: CheckScenarioParams): CheckScenarioResult {
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const errors: InputError[] = document.errors.map((error) => ({
    message: `YAML: ${error.message.split('\n')[0]}`,
    hint: 'fix the YAML syntax at this point (indentation, a missing colon, or an unclosed quote or bracket)',
    at: rangeOf(file, lines, error.pos[0], error.pos[1]),
  }));
  if (errors.length === 0 && document.contents !== null && !isMap(document.contents)) {
    const [start, , end] = document.contents.range ?? [0, 0, 1];
    errors.push({
      message: 'a scenario is a mapping at the top level',
      hint: 'start with `name:` and `tasks:` keys (see scenario-format.md)',
      at: rangeOf(file, lines, start, end),
    });
  }
  return { errors };
}
