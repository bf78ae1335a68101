/**
 * Which front end a document belongs to, from its name (and, for plain `.ts`, its first
 * comment). The same rule as `isSimTypeScript` in src/frontends/typescript, restated here
 * so the extension host does not load the TypeScript compiler to answer it.
 */
export type LensFileKind = 'scenario' | 'sim-ts';

export function fileKindOf(file: string, text: string): LensFileKind | undefined {
  if (/\.scenario\.ya?ml$/.test(file)) return 'scenario';
  if (file.endsWith('.sim.ts')) return 'sim-ts';
  if (!file.endsWith('.ts')) return undefined;
  const m = /^\s*(\/\/[^\n]*|\/\*[\s\S]*?\*\/)/.exec(text);
  return m !== null && m[1].includes('@interleave') ? 'sim-ts' : undefined;
}
