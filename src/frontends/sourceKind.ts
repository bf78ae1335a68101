/**
 * Whether a TypeScript file is an Interleave program, from its name and, for a plain `.ts`
 * file, its first comment. It imports nothing, so the TypeScript server plugin can ask too.
 */

/** True when the file's first comment holds `@interleave` (annotated TypeScript). */
export function hasInterleaveHeader(text: string): boolean {
  const first = /^\s*(\/\/[^\n]*|\/\*[\s\S]*?\*\/)/.exec(text);
  return first !== null && first[1].includes('@interleave');
}

/** True for `*.sim.ts`, or a `.ts` file with the `@interleave` header. */
export function isSimTypeScript(file: string, text: string): boolean {
  return file.endsWith('.sim.ts') || (file.endsWith('.ts') && hasInterleaveHeader(text));
}
