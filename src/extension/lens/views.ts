/**
 * Read-only Markdown views (the schedule told step by step, a comparison): served by a
 * content provider under `interleave-view:`, so they are never "unsaved": closing one asks
 * nothing, and starting a debug session (which saves dirty editors first) does not stop on
 * a Save As dialog for them, as it would for untitled documents.
 */
import * as vscode from 'vscode';

export const VIEW_SCHEME = 'interleave-view';

const contents = new Map<string, string>();
let opened = 0;

/** Opens `content` as a read-only Markdown document whose tab reads `title`. */
export function openView(title: string, content: string): Thenable<vscode.TextDocument> {
  const name = title.replace(/[\\/:*?"<>|#%]+/g, ' ').trim().slice(0, 80) || 'Interleave';
  const uri = vscode.Uri.from({ scheme: VIEW_SCHEME, path: `/${++opened}/${name}.md` });
  contents.set(uri.toString(), content);
  return vscode.workspace.openTextDocument(uri);
}

/** Registers the provider; a view's text is dropped when its document is closed. */
export function registerViews(): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.workspace.registerTextDocumentContentProvider(VIEW_SCHEME, {
      provideTextDocumentContent: (uri) => contents.get(uri.toString()) ?? 'This view is no longer available (it was closed, or the window was reloaded). Run the command again.',
    }),
    vscode.workspace.onDidCloseTextDocument((document) => {
      if (document.uri.scheme === VIEW_SCHEME) contents.delete(document.uri.toString());
    }),
  );
}
