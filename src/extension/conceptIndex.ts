/**
 * The concept library's index: examples/README.md's tables, one row per runnable example
 * (`| \`races/lost-update.scenario.yaml\` | shows | look at |` under a `## Section`). The
 * README is the one list; the command palette's library and the docs read the same rows.
 * Pure: no `vscode`, so it is unit-tested against the real README.
 */
export interface Concept {
  /** The `## …` heading the row sits under. */
  readonly section: string;
  /** Relative to examples/: `races/lost-update.scenario.yaml`. */
  readonly file: string;
  /** What the example shows. */
  readonly shows: string;
  /** Where to look (the third column), if any. */
  readonly lookAt: string;
}

/** Every format the front ends take: scenarios, annotated TypeScript, Python, Go (`go/NAME/main.go`). */
const EXAMPLE_FILE = /\.(scenario\.ya?ml|sim\.ts|py|go)$/;

/** Cells of one Markdown table row, with `\|` kept inside a cell. */
function cells(line: string): string[] {
  const inner = line.trim().replace(/^\|/, '').replace(/\|$/, '');
  return inner.split(/(?<!\\)\|/).map((cell) => cell.trim().replace(/\\\|/g, '|'));
}

export function parseConceptIndex(markdown: string): Concept[] {
  const concepts: Concept[] = [];
  let section = '';
  for (const line of markdown.split(/\r?\n/)) {
    const heading = /^##\s+(.+?)\s*$/.exec(line);
    if (heading) {
      section = heading[1];
      continue;
    }
    if (!line.trimStart().startsWith('|')) continue;
    const [first = '', shows = '', lookAt = ''] = cells(line);
    const file = /^`([^`]+)`$/.exec(first)?.[1];
    if (!file || !EXAMPLE_FILE.test(file)) continue;
    concepts.push({ section, file, shows, lookAt });
  }
  return concepts;
}
