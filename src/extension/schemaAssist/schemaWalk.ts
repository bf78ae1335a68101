/**
 * Walks the published scenario JSON Schema (media/scenario.schema.json, draft-07) along a
 * key path. Only what that schema uses is understood: properties, additionalProperties,
 * items, anyOf/oneOf, enum/const and local `#/definitions/...` refs.
 */
import { ITEM, type PathSegment } from './schemaPath';

export interface JsonSchema {
  readonly $ref?: string;
  readonly type?: string | readonly string[];
  readonly description?: string;
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly additionalProperties?: boolean | JsonSchema;
  readonly items?: JsonSchema;
  readonly anyOf?: readonly JsonSchema[];
  readonly oneOf?: readonly JsonSchema[];
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly required?: readonly string[];
  readonly examples?: readonly unknown[];
  readonly definitions?: Readonly<Record<string, JsonSchema>>;
  readonly propertyNames?: JsonSchema;
}

/** Follows `$ref`s (local ones only) until a node without one. */
export function deref(root: JsonSchema, node: JsonSchema): JsonSchema {
  let current = node;
  for (let hops = 0; current.$ref && hops < 32; hops++) {
    const match = /^#\/definitions\/(.+)$/.exec(current.$ref);
    const target = match ? root.definitions?.[match[1]] : undefined;
    // A `$ref` beside a `description` (tasks.main) keeps the nearer description.
    if (!target) return current;
    current = current.description && !target.description ? { ...target, description: current.description } : target;
  }
  return current;
}

/** The alternatives a node stands for: itself, or its anyOf/oneOf branches, flattened. */
export function alternatives(root: JsonSchema, node: JsonSchema): JsonSchema[] {
  const resolved = deref(root, node);
  const branches = resolved.anyOf ?? resolved.oneOf;
  if (!branches) return [resolved];
  return branches.flatMap((branch) => alternatives(root, branch));
}

function isObjectish(node: JsonSchema): boolean {
  const types = typeof node.type === 'string' ? [node.type] : node.type;
  return !types ? node.properties !== undefined || node.additionalProperties !== undefined : types.includes('object');
}

/** The schema of `key` in a map described by `node`'s alternatives. */
export function childOf(root: JsonSchema, nodes: readonly JsonSchema[], segment: PathSegment): JsonSchema[] {
  const out: JsonSchema[] = [];
  for (const node of nodes) {
    if (segment === ITEM) {
      if (node.items) out.push(...alternatives(root, node.items));
      continue;
    }
    const property = node.properties?.[segment];
    if (property) out.push(...alternatives(root, property));
    else if (typeof node.additionalProperties === 'object') out.push(...alternatives(root, node.additionalProperties));
  }
  return out;
}

/** The alternatives at the end of `path`, from the root. */
export function resolvePath(root: JsonSchema, path: readonly PathSegment[]): JsonSchema[] {
  let nodes = alternatives(root, root);
  for (const segment of path) nodes = childOf(root, nodes, segment);
  return nodes;
}

/** A key that may be written here, with what it means. */
export interface KeyOption {
  readonly key: string;
  readonly description?: string;
  /** The key's value is a map or list (so it continues on the next line). */
  readonly block: boolean;
}

/**
 * Keys that may be written in a map with these alternatives, given the keys already
 * there. Branches whose properties cannot hold the existing keys are ruled out; with no
 * keys yet, a branch that `require`s a key offers only that key (the step's name, not
 * its modifiers: `go`, not `count`).
 */
export function keyOptions(root: JsonSchema, nodes: readonly JsonSchema[], siblings: readonly string[]): KeyOption[] {
  const seen = new Map<string, KeyOption>();
  for (const node of nodes) {
    // `sweep:` names its keys only through propertyNames' enum.
    for (const name of node.propertyNames?.enum ?? []) {
      const key = String(name);
      if (!siblings.includes(key) && !seen.has(key)) seen.set(key, { key, description: node.propertyNames?.description, block: true });
    }
    if (!node.properties || !isObjectish(node)) continue;
    const properties = node.properties;
    const open = node.additionalProperties !== false;
    if (!siblings.every((key) => key in properties || open)) continue;
    const offered = siblings.length === 0 && node.required?.length ? node.required : Object.keys(properties);
    for (const key of offered) {
      if (siblings.includes(key) || seen.has(key) || !properties[key]) continue;
      const branches = alternatives(root, properties[key]);
      const block = branches.every((b) => isObjectish(b) || b.items !== undefined || b.type === 'array' || (Array.isArray(b.type) && b.type.includes('array')));
      seen.set(key, { key, description: properties[key].description ?? branches.find((b) => b.description)?.description, block });
    }
  }
  return [...seen.values()];
}

/** A scalar that may be written as a value here (enum members, consts, booleans). */
export interface ValueOption {
  readonly value: string;
  readonly description?: string;
}

export function valueOptions(nodes: readonly JsonSchema[]): ValueOption[] {
  const seen = new Map<string, ValueOption>();
  const add = (value: unknown, description?: string): void => {
    const text = String(value);
    if (!seen.has(text)) seen.set(text, { value: text, description });
  };
  for (const node of nodes) {
    for (const value of node.enum ?? []) add(value, node.description);
    if (node.const !== undefined) add(node.const, node.description);
    if (node.type === 'boolean') {
      add(true, node.description);
      add(false, node.description);
    }
  }
  return [...seen.values()];
}

/** The description of `key` in the map at `path`, for a hover. */
export function keyDescription(root: JsonSchema, path: readonly PathSegment[], key: string): string | undefined {
  for (const node of resolvePath(root, path)) {
    const property = node.properties?.[key];
    if (property) return property.description ?? alternatives(root, property).find((b) => b.description)?.description;
  }
  for (const node of resolvePath(root, [...path, key])) if (node.description) return node.description;
  return undefined;
}
