// The layer rule lives here: src/core imports neither vscode, nor the DOM, nor Node I/O;
// webview/ and src/protocol import no vscode.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeIo = ['fs', 'node:fs', 'fs/promises', 'node:fs/promises', 'child_process', 'node:child_process',
  'net', 'node:net', 'http', 'node:http', 'https', 'node:https', 'worker_threads', 'node:worker_threads',
  'path', 'node:path', 'os', 'node:os', 'vm', 'node:vm'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.vscode-test/**', 'test/fixtures/**', 'examples/**', '*.vsix'] },
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
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [
          { name: 'vscode', message: 'src/core is pure: it imports nothing from the editor.' },
          ...nodeIo.map((name) => ({ name, message: 'src/core is pure: no Node I/O. Take what you need through an injected interface.' })),
        ],
      }],
      'no-restricted-globals': ['error',
        { name: 'document', message: 'src/core has no DOM.' },
        { name: 'window', message: 'src/core has no DOM.' },
        { name: 'process', message: 'src/core takes settings as arguments, not from the process.' },
        { name: 'require', message: 'src/core imports only core modules.' },
      ],
    },
  },
  {
    files: ['webview/**/*.ts', 'src/protocol/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'The webview and the protocol talk only through messages.' }] }],
    },
  },
  {
    files: ['src/frontends/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'Front ends are shared with the command line.' }] }],
    },
  },
);
