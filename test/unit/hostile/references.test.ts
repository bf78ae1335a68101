import { describe, expect, it } from 'vitest';
import type { InputError } from '../../../src/core/findings';
import { compileTypeScript } from '../../../src/frontends/typescript';
import { cli } from '../cli/helpers';
import { CRASH, hostileFile } from './helpers';

const BODY = `import { go } from 'interleave';\nexport default function main() { let x = 0; go(() => { x++; }); }\n`;

function positioned(errors: readonly InputError[]): string[] {
  return [...errors].sort((a, b) => a.at.line - b.at.line || a.at.column - b.at.column).map((e) => `${e.at.line}:${e.at.column} ${e.message}`);
}

describe('the TypeScript compile reads only the file and the interleave declarations', () => {
  it('`/// <reference path="/etc/passwd" />` is an error at the directive', () => {
    const file = hostileFile('passwd.sim.ts', `/// <reference path="/etc/passwd" />\n${BODY}`);
    const r = cli('run', file);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${file}:1:22: error: \`/// <reference path="/etc/passwd" />\` cannot be used in a simulation`);
    expect(r.err).not.toMatch(/root:|TS6231|TS6053/);
    expect(r.err).not.toMatch(CRASH);
  });

  it('a referenced declaration file on disk is not read', () => {
    // If the compile followed the reference, SECRET would be declared and only the directive would be refused.
    hostileFile('secret.d.ts', 'declare const SECRET: number;\n');
    const text = `/// <reference path="./secret.d.ts" />\n/// <reference types="node" />\n/// <reference lib="es2015" />\n${BODY}export const leaked = SECRET;\n`;
    const r = compileTypeScript(text, hostileFile('secret.sim.ts', text));
    expect(positioned(r.errors)).toEqual([
      '1:22 `/// <reference path="./secret.d.ts" />` cannot be used in a simulation: it reads only this file and the `interleave` declarations',
      '2:23 `/// <reference types="node" />` cannot be used in a simulation: it reads only this file and the `interleave` declarations',
    ]);
    // A type error is a warning (the TypeScript front end runs code tsc would emit).
    expect(positioned(r.warnings)).toEqual(['6:23 TS2304: Cannot find name \'SECRET\'.']);
  });

  it('a relative import is not read either', () => {
    hostileFile('helper.ts', 'export const HELPER = 1;\n');
    const text = `import { HELPER } from './helper';\n${BODY}`;
    const r = compileTypeScript(text, hostileFile('imports.sim.ts', text));
    expect(positioned(r.errors)).toEqual([
      '1:1 only the module "interleave" can be imported in a simulation (found \'./helper\')',
      '1:24 TS2307: Cannot find module \'./helper\' or its corresponding type declarations.',
    ]);
  });
});
