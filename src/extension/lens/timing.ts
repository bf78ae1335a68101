/**
 * The race lens's waits, apart from the modules that need `vscode`, so that `npm run bench`
 * (test/bench/typescriptBench.ts) measures the editor's path with the editor's own values.
 */

/**
 * How long the lens waits after the latest edit before it checks a document again. Issue 18
 * asks for the first finding within 300 ms of typing, debounce included: 150 ms leaves the
 * rest to the check (a warm worker's first finding of an example: 60-240 ms at load 7,
 * `npm run bench -- typescript`). An edit during a check cancels it (fileChecks.ts).
 */
export const TYPING_DEBOUNCE_MS = 150;
