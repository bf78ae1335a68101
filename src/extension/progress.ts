/** Long work shows a cancellable notification; quick work shows none, so nothing flashes. */
import * as vscode from 'vscode';

const PROGRESS_DELAY_MS = 400;

/**
 * `work` may `report` how far it got (a message under the title); the latest message is shown
 * once the notification appears, and each later one as it comes.
 */
export async function withCancellableProgress<T>(title: string, work: (token: vscode.CancellationToken, report: (message: string) => void) => Promise<T>): Promise<T> {
  const source = new vscode.CancellationTokenSource();
  let latest: string | undefined;
  let shown: vscode.Progress<{ message?: string }> | undefined;
  const report = (message: string) => {
    latest = message;
    shown?.report({ message });
  };
  const run = work(source.token, report);
  const settled = run.then(() => true, () => true);
  try {
    const quick = await Promise.race([settled, new Promise<false>((resolve) => setTimeout(() => resolve(false), PROGRESS_DELAY_MS))]);
    if (!quick) {
      await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) => {
        shown = progress;
        if (latest !== undefined) progress.report({ message: latest });
        const subscription = token.onCancellationRequested(() => source.cancel());
        return settled.finally(() => subscription.dispose());
      });
    }
    return await run;
  } finally {
    source.dispose();
  }
}
