// vitest runs the TypeScript sources, where the bundles' lazy `require` of the
// TypeScript front end cannot work; hand it over up front instead.
import { provideTypeScriptCompiler } from '../src/frontends/index';
import * as typescriptFrontEnd from '../src/frontends/typescript/index';

provideTypeScriptCompiler(typescriptFrontEnd);
