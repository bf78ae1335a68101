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

/**
 * The words a concept is listed and searched by: its folder (the topic: `gil`, `caches`)
 * and its name with spaces, so "false sharing" finds `caches/false-sharing.scenario.yaml`
 * and "gil" ranks the GIL folder's examples first. A Go program is its folder
 * (`go/racy-count/main.go` is "go: racy count").
 */
export function conceptLabel(file: string): string {
  const parts = file.split('/');
  const name = parts.at(-1) === 'main.go' && parts.length > 1 ? parts.splice(-2, 2)[0] : parts.pop() ?? file;
  const words = name.replace(/\.scenario\.ya?ml$|\.sim\.ts$|\.py$|\.go$/, '').replace(/[-_]+/g, ' ');
  // The same idea in two formats (races/lost-update.scenario.yaml and .sim.ts) reads apart by its language.
  const language = file.endsWith('.sim.ts') ? ' (TypeScript)' : file.endsWith('.py') && parts[0] !== 'python' ? ' (Python)'
    : file.endsWith('.go') && parts[0] !== 'go' ? ' (Go)' : '';
  return `${parts.length > 0 ? `${parts.join('/')}: ` : ''}${words}${language}`;
}

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
