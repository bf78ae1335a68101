/** Long work shows a cancellable notification; quick work shows none, so nothing flashes. */
import * as vscode from 'vscode';

const PROGRESS_DELAY_MS = 400;

export async function withCancellableProgress<T>(title: string, work: (token: vscode.CancellationToken) => Promise<T>): Promise<T> {
  const source = new vscode.CancellationTokenSource();
  const run = work(source.token);
  const settled = run.then(() => true, () => true);
  try {
    const quick = await Promise.race([settled, new Promise<false>((resolve) => setTimeout(() => resolve(false), PROGRESS_DELAY_MS))]);
    if (!quick) {
      await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (_progress, token) => {
        const subscription = token.onCancellationRequested(() => source.cancel());
        return settled.finally(() => subscription.dispose());
      });
    }
    return await run;
  } finally {
    source.dispose();
  }
}
