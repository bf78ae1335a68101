/**
 * Turns the state at a moment into DAP variables: nested objects and arrays get a
 * reference so the Variables view can expand them; leaves are shown as text.
 */
import { Handles } from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { Inspectable } from './timeline';

export interface ScopeRef {
  readonly scope: 'task' | 'shared' | 'sync' | 'machine';
}

export type Container = { readonly [k: string]: Inspectable } | readonly Inspectable[];

export function render(value: Inspectable): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.length}] ${value.slice(0, 8).map((v) => (typeof v === 'object' && v !== null ? '…' : render(v))).join(', ')}${value.length > 8 ? ', …' : ''}`;
  const keys = Object.keys(value);
  return `{${keys.slice(0, 4).join(', ')}${keys.length > 4 ? ', …' : ''}}`;
}

/** Variables of one container; nested containers are registered in `handles`. */
export function variablesOf(container: Container, handles: Handles<Container | ScopeRef>): DebugProtocol.Variable[] {
  const entries: [string, Inspectable][] = Array.isArray(container)
    ? container.map((v, i) => [String(i), v])
    : Object.entries(container);
  return entries.map(([name, value]) => {
    const nested = typeof value === 'object' && value !== null;
    return {
      name,
      value: render(value),
      variablesReference: nested ? handles.create(value as Container) : 0,
      indexedVariables: Array.isArray(value) ? value.length : undefined,
    };
  });
}

/** Looks a dotted path up in a tree: `P0.runq`, `mu.holder`. */
export function lookup(root: Inspectable, path: readonly string[]): Inspectable {
  let node: Inspectable = root;
  for (const key of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = Array.isArray(node) ? node[Number(key)] : (node as { readonly [k: string]: Inspectable })[key];
  }
  return node;
}
