// The layer rules live here (each layer's README says the same in words):
// - direction: core ← frontends ← service ← shells (cli, extension, debug). src/core imports no
//   other layer; src/frontends imports only core (and other front ends); src/protocol imports
//   only core's types; the webview imports only core and src/protocol, never a shell.
// - outside core, core is imported through its entry modules (CORE_ENTRIES), never deep
//   (`core/engine/untimed`): what another layer needs, core exports from an entry. Likewise
//   the service layer through SERVICE_ENTRIES, and the front ends (from src/service) through
//   FRONTEND_ENTRIES; the shells never import a front end: they compile through the service.
// - src/core imports neither vscode, nor the DOM, nor Node I/O; webview/, src/protocol,
//   src/frontends and src/cli import no vscode.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeIo = ['fs', 'node:fs', 'fs/promises', 'node:fs/promises', 'child_process', 'node:child_process',
  'net', 'node:net', 'http', 'node:http', 'https', 'node:https', 'worker_threads', 'node:worker_threads',
  'path', 'node:path', 'os', 'node:os', 'vm', 'node:vm'];

/**
 * The modules of src/core other layers import: the index, the contracts (program, run,
 * findings), settings (config), value text, the explorer's index and the runtime registry.
 * Listed in src/core/README.md.
 */
const CORE_ENTRIES = ['index', 'program', 'run', 'findings', 'config', 'valueText', 'explore', 'explore/index', 'runtimes/registry'];

/** The shells search schedules through src/service (service/search.ts), never the explorer itself. */
const SHELL_CORE_ENTRIES = CORE_ENTRIES.filter((e) => !e.startsWith('explore'));

/** The modules of src/service the shells import: the whole service, and the light one for the editor's host. */
const SERVICE_ENTRIES = ['index', 'files'];
/** The modules of src/frontends the service imports: the front-end table, and the TypeScript compiler's entry. */
const FRONTEND_ENTRIES = ['index', 'frontEnd'];

/** An import of layer `name` (relative, so any depth of `../`; `src/` from webview/). */
const layerImport = (names) => `^(\\.\\./)+(src/)?(${names.join('|')})(/|$)`;
/** An import of a module of `layer` that is not one of its `entries`. */
const deepImport = (layer, entries) => `^(\\.\\./)+(src/)?${layer}/(?!(${entries.join('|')})$)`;

/**
 * One `no-restricted-imports` setting for a layer (ESLint keeps only the last setting a file
 * matches, so each layer's is complete): the layers it must not import, with the reason.
 */
function layerRule({ layer, banned = [], vscode = true, io = false, coreTypesOnly = false, deep = true, entriesOf = [], coreEntries = CORE_ENTRIES }) {
  const patterns = [];
  if (banned.length > 0) {
    patterns.push({
      regex: layerImport(banned),
      message: `${layer} must not import ${banned.join(', ')}: the layers point one way, core ← frontends ← service ← shells (eslint.config.mjs).`,
    });
  }
  if (coreTypesOnly) {
    patterns.push({
      regex: layerImport(['core']), allowTypeImports: true,
      message: `${layer} imports only core's types (import type): the webview and the worker load these files too.`,
    });
  }
  if (deep && layer !== 'src/core') {
    patterns.push({
      regex: deepImport('core', coreEntries),
      message: `import core through its entry modules (${coreEntries.join(', ')}), not a file inside it; export what you need from one of them`
        + (coreEntries === CORE_ENTRIES ? '.' : ' (search schedules through src/service: checkSchedules, exploreSchedules, replaySchedule).'),
    });
  }
  for (const [other, entries] of entriesOf) {
    patterns.push({
      regex: deepImport(other, entries),
      message: `import ${other} through its entry modules (${entries.join(', ')}), not a file inside it; export what you need from one of them.`,
    });
  }
  const paths = [
    ...(vscode ? [{ name: 'vscode', message: `${layer} runs without the editor: it imports nothing from vscode.` }] : []),
    ...(io ? nodeIo.map((name) => ({ name, message: 'src/core is pure: no Node I/O. Take what you need through an injected interface.' })) : []),
  ];
  return { '@typescript-eslint/no-restricted-imports': ['error', { paths, patterns }] };
}

const SHELLS = ['cli', 'extension', 'debug'];

/**
 * Files that still import core deep, each to move to an entry module (issue 12). They keep
 * their layer's other rules; take a file off the list when its imports are fixed.
 */
const KNOWN_DEEP_IMPORTS = {};

const LAYERS = [
  { files: ['src/core/**/*.ts'], layer: 'src/core', banned: ['frontends', 'service', 'protocol', ...SHELLS, 'webview'], io: true },
  { files: ['src/frontends/**/*.ts'], layer: 'src/frontends', banned: ['service', 'protocol', ...SHELLS, 'webview'] },
  { files: ['src/service/**/*.ts'], layer: 'src/service', banned: [...SHELLS, 'webview'], entriesOf: [['frontends', FRONTEND_ENTRIES]] },
  { files: ['src/protocol/**/*.ts'], layer: 'src/protocol', banned: ['frontends', 'service', ...SHELLS, 'webview'], coreTypesOnly: true },
  { files: ['src/cli/**/*.ts'], layer: 'src/cli', banned: ['frontends', 'extension', 'debug', 'webview'], entriesOf: [['service', SERVICE_ENTRIES]], coreEntries: SHELL_CORE_ENTRIES },
  { files: ['src/extension/**/*.ts'], layer: 'src/extension', banned: ['frontends', 'cli'], vscode: false, entriesOf: [['service', SERVICE_ENTRIES]], coreEntries: SHELL_CORE_ENTRIES },
  { files: ['src/debug/**/*.ts'], layer: 'src/debug', banned: ['frontends', 'cli', 'extension'], vscode: false, entriesOf: [['service', SERVICE_ENTRIES]], coreEntries: SHELL_CORE_ENTRIES },
  { files: ['webview/**/*.ts'], layer: 'webview', banned: ['frontends', 'service', ...SHELLS] },
];

export default tseslint.config(
  // Test inputs are programs as users write them (examples/, test/corpus/, fixtures), not our code.
  { ignores: ['dist/**', 'node_modules/**', '.vscode-test/**', 'test/fixtures/**', 'test/corpus/**', 'examples/**', '*.vsix'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Build scripts, harnesses and benches run on Node.
    files: ['**/*.mjs', '**/*.cjs'],
    languageOptions: {
      globals: Object.fromEntries(['process', 'console', 'Buffer', 'URL', 'setTimeout', 'clearTimeout', 'setInterval',
        'clearInterval', 'setImmediate', 'performance', 'fetch', 'AbortController', 'AbortSignal', 'structuredClone'].map((g) => [g, 'readonly'])),
    },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  ...LAYERS.map(({ files, ...layer }) => ({ files, rules: layerRule(layer) })),
  ...Object.entries(KNOWN_DEEP_IMPORTS).map(([name, files]) => {
    const { files: _files, ...layer } = LAYERS.find((l) => l.layer === `src/${name}`);
    return { files, rules: layerRule({ ...layer, deep: false }) };
  }),
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-globals': ['error',
        { name: 'document', message: 'src/core has no DOM.' },
        { name: 'window', message: 'src/core has no DOM.' },
        { name: 'process', message: 'src/core takes settings as arguments, not from the process.' },
        { name: 'require', message: 'src/core imports only core modules.' },
      ],
    },
  },
);
