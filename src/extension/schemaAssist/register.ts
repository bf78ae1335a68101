/**
 * Completion and hover for `interleave-scenario` documents, from media/scenario.schema.json.
 * Scenario files have their own language id, so the YAML extension's schema support does
 * not reach them; this brings the same help. The schema is bundled (esbuild json loader).
 */
import * as vscode from 'vscode';
import schemaJson from '../../../media/scenario.schema.json';
import { completionsAt, hoverAt, type Suggestion } from './assist';
import type { JsonSchema } from './schemaWalk';

const schema = schemaJson as unknown as JsonSchema;
const SELECTOR: vscode.DocumentSelector = { language: 'interleave-scenario' };

const KINDS: Record<Suggestion['kind'], vscode.CompletionItemKind> = {
  key: vscode.CompletionItemKind.Property,
  value: vscode.CompletionItemKind.EnumMember,
  method: vscode.CompletionItemKind.Method,
};

function toItem(suggestion: Suggestion, position: vscode.Position): vscode.CompletionItem {
  const item = new vscode.CompletionItem(suggestion.label, KINDS[suggestion.kind]);
  item.insertText = suggestion.insertText;
  item.range = new vscode.Range(position.line, suggestion.replaceStart, position.line, position.character);
  if (suggestion.description) item.documentation = new vscode.MarkdownString(suggestion.description);
  // Re-open the list after `key: ` so enum values follow at once.
  if (suggestion.kind === 'key') item.command = { title: 'suggest', command: 'editor.action.triggerSuggest' };
  return item;
}

export function registerSchemaAssist(context: vscode.ExtensionContext): vscode.Disposable {
  const completion = vscode.languages.registerCompletionItemProvider(SELECTOR, {
    provideCompletionItems(document, position) {
      return completionsAt(schema, document.getText(), position.line, position.character).map((s) => toItem(s, position));
    },
  }, ':', ' ', '.');
  const hover = vscode.languages.registerHoverProvider(SELECTOR, {
    provideHover(document, position) {
      const found = hoverAt(schema, document.getText(), position.line, position.character);
      if (!found) return undefined;
      return new vscode.Hover(new vscode.MarkdownString(found.markdown), new vscode.Range(position.line, found.start, position.line, found.end));
    },
  });
  const both = vscode.Disposable.from(completion, hover);
  context.subscriptions.push(both);
  return both;
}
