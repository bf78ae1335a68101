// vitest runs the TypeScript sources, where the bundles' lazy `require` of the
// TypeScript and Python front ends cannot work; hand them over up front instead.
import { providePythonCompiler, provideTypeScriptCompiler } from '../src/frontends/index';
import * as pythonFrontEnd from '../src/frontends/python/index';
import * as typescriptFrontEnd from '../src/frontends/typescript/index';

provideTypeScriptCompiler(typescriptFrontEnd);
providePythonCompiler(pythonFrontEnd);
