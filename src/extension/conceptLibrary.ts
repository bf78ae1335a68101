/**
 * Open the Concept Library: every idea the examples teach (concurrency vs parallelism,
 * threads vs processes, the GIL, semaphores, mutexes, races, SMT, caches, Go's G/M/P …),
 * grouped as in examples/README.md, searchable by what each example shows. Picking one
 * opens it, with its CodeLens row (Run, Step, Explore, Compare) ready; the first item opens
 * the index itself as a rendered page.
 */
import * as vscode from 'vscode';
import { conceptLabel, parseConceptIndex, type Concept } from './conceptIndex';

export const CONCEPT_LIBRARY_COMMAND = 'interleave.openConceptLibrary';

interface ConceptItem extends vscode.QuickPickItem {
  readonly concept?: Concept;
}

function examplesFolder(context: vscode.ExtensionContext): vscode.Uri {
  return vscode.Uri.joinPath(context.extensionUri, 'examples');
}

async function readIndex(context: vscode.ExtensionContext): Promise<Concept[]> {
  const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(examplesFolder(context), 'README.md'));
  return parseConceptIndex(new TextDecoder().decode(bytes));
}

function items(concepts: readonly Concept[]): ConceptItem[] {
  const out: ConceptItem[] = [{ label: '$(book) The whole index', detail: 'examples/README.md: every concept, what to run and where to look' }];
  let section = '';
  for (const concept of concepts) {
    if (concept.section !== section) {
      section = concept.section;
      out.push({ label: section, kind: vscode.QuickPickItemKind.Separator });
    }
    out.push({
      label: conceptLabel(concept.file),
      description: concept.shows,
      detail: concept.lookAt ? `Look at: ${concept.lookAt} · ${concept.file}` : concept.file,
      concept,
    });
  }
  return out;
}

/**
 * Opens the example `file` (relative to examples/), or, without one, lets the user pick.
 * Returns the opened example (or the index), or undefined when the pick was dismissed.
 */
export async function openConceptLibrary(context: vscode.ExtensionContext, file?: string): Promise<vscode.Uri | undefined> {
  let concepts: Concept[];
  try {
    concepts = await readIndex(context);
  } catch (error) {
    void vscode.window.showErrorMessage(`Interleave: the concept library (examples/README.md) could not be read: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
  let chosen: string | undefined = file;
  if (chosen === undefined) {
    const picked = await vscode.window.showQuickPick(items(concepts), {
      title: `Interleave: the concept library (${concepts.length} examples)`,
      placeHolder: 'Search by idea: GIL, work stealing, false sharing, semaphore, deadlock…',
      matchOnDescription: true, matchOnDetail: true,
    });
    if (!picked) return undefined;
    if (!picked.concept) {
      const index = vscode.Uri.joinPath(examplesFolder(context), 'README.md');
      await vscode.commands.executeCommand('markdown.showPreview', index);
      return index;
    }
    chosen = picked.concept.file;
  } else if (!concepts.some((c) => c.file === chosen)) {
    void vscode.window.showErrorMessage(`Interleave: "${chosen}" is not in the concept library; the examples are listed in examples/README.md.`);
    return undefined;
  }
  const uri = vscode.Uri.joinPath(examplesFolder(context), ...chosen.split('/'));
  await vscode.window.showTextDocument(uri, { preview: false });
  return uri;
}

export function registerConceptLibrary(context: vscode.ExtensionContext): vscode.Disposable {
  return vscode.commands.registerCommand(CONCEPT_LIBRARY_COMMAND, (file?: string) => openConceptLibrary(context, typeof file === 'string' ? file : undefined));
}
