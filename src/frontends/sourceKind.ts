/**
 * Which front end takes a file, from its name and, for a plain `.ts` file, its first
 * comment. It imports nothing, so the extension host can ask without loading a front end.
 */
export type SourceKind = 'scenario' | 'typescript';

/** True when the file's first comment holds `@interleave` (annotated TypeScript). */
export function hasInterleaveHeader(text: string): boolean {
  const first = /^\s*(\/\/[^\n]*|\/\*[\s\S]*?\*\/)/.exec(text);
  return first !== null && first[1].includes('@interleave');
}

/** True for `*.sim.ts`, or a `.ts` file with the `@interleave` header. */
export function isSimTypeScript(file: string, text: string): boolean {
  return file.endsWith('.sim.ts') || (file.endsWith('.ts') && hasInterleaveHeader(text));
}

/** Which front end takes this file, or undefined when neither does. */
export function sourceKind(file: string, text: string): SourceKind | undefined {
  if (/\.ya?ml$/i.test(file)) return 'scenario';
  return isSimTypeScript(file, text) ? 'typescript' : undefined;
}
