/**
 * Words the panel (webview/) and the debugger (src/debug) both say, so a capped list reads
 * the same in both ("… and 999,000 more goroutines").
 */

/** `goroutines`, `threads`, ...: a task kind (`TaskRef.kind`, `TaskSummary.kind`) in the plural. */
export function pluralOfKind(kind: string | undefined): string {
  if (kind === 'goroutine') return 'goroutines';
  if (kind === 'thread' || kind === 'python-thread') return 'threads';
  if (kind === 'process') return 'processes';
  if (kind === 'callback') return 'callbacks';
  return 'tasks';
}
