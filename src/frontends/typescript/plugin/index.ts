/**
 * The TypeScript server plugin that gives `.sim.ts` files IntelliSense for
 * `import ... from "interleave"` in a fresh workspace, with nothing installed: it adds
 * the shipped `interleave.d.ts` (an ambient `declare module "interleave"`) to every
 * project as an external file, so the module resolves with full types and doc comments,
 * and type errors in the file show as ordinary TypeScript diagnostics.
 *
 * VS Code loads it by name from the extension's `contributes.typescriptServerPlugins`;
 * the build puts it, its package.json and the .d.ts in `node_modules/interleave-tsplugin/`.
 * It takes the `typescript` module from tsserver and never imports its own copy.
 */
import type * as ts from 'typescript';
import * as path from 'node:path';

export interface InterleavePluginConfig {
  /** Where `interleave.d.ts` is; defaults to the file next to this plugin. */
  readonly dtsPath?: string;
}

export interface InterleavePlugin {
  create(info: ts.server.PluginCreateInfo): ts.LanguageService;
  getExternalFiles(project: ts.server.Project): string[];
  onConfigurationChanged(config: InterleavePluginConfig): void;
}

function init(modules: { typescript: typeof ts }): InterleavePlugin {
  const typescript = modules.typescript;
  // Next to the built plugin; in the source tree, the module's own folder.
  const candidates = [path.join(__dirname, 'interleave.d.ts'), path.join(__dirname, '..', 'module', 'interleave.d.ts')];
  let dtsPath = candidates.find((c) => typescript.sys.fileExists(c)) ?? candidates[0];

  function applyConfig(config: InterleavePluginConfig | undefined): void {
    if (config?.dtsPath) dtsPath = config.dtsPath;
  }

  return {
    create(info) {
      applyConfig(info.config as InterleavePluginConfig | undefined);
      if (!typescript.sys.fileExists(dtsPath)) {
        info.project.projectService.logger.info(`interleave-tsplugin: ${dtsPath} is missing; "interleave" will not resolve`);
        return info.languageService;
      }
      // tsserver asks plugins for external files only for configured and external projects; a
      // file opened in a folder with no tsconfig lands in an inferred project, which never
      // sees them (the editor showed ts(2307) on every example). The declarations therefore
      // also join the project's own root files, whatever kind of project it is.
      const host = info.languageServiceHost;
      const own = host.getScriptFileNames.bind(host);
      host.getScriptFileNames = () => {
        const names = own();
        return names.includes(dtsPath) ? names : [...names, dtsPath];
      };
      return info.languageService;
    },
    getExternalFiles() {
      return typescript.sys.fileExists(dtsPath) ? [dtsPath] : [];
    },
    onConfigurationChanged(config) {
      applyConfig(config);
    },
  };
}

// tsserver calls the module itself as the factory: the build's footer
// (`module.exports = module.exports.default`) turns this default export into that.
export default init;
