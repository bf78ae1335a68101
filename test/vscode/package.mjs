// `npm run package`: the .vsix, with the TypeScript server plugin inside it.
// tsserver loads a plugin only from `<extension>/node_modules/<name>`, and
// `vsce package --no-dependencies` leaves every node_modules folder out, so the built
// plugin (node_modules/interleave-tsplugin, written by esbuild.mjs) is added to the
// archive afterwards, under extension/node_modules/interleave-tsplugin/.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const { name, version } = JSON.parse(readFileSync('package.json', 'utf8'));
const vsix = `${name}-${version}.vsix`;
execFileSync('npx', ['vsce', 'package', '--no-dependencies', '-o', vsix], { stdio: 'inherit' });
const plugin = 'node_modules/interleave-tsplugin';
const files = readdirSync(plugin).map((f) => join(plugin, f));
execFileSync('python3', ['-c', [
  'import sys, zipfile',
  'z = zipfile.ZipFile(sys.argv[1], "a", zipfile.ZIP_DEFLATED)',
  'for f in sys.argv[2:]: z.write(f, "extension/" + f)',
  'z.close()',
].join('\n'), vsix, ...files], { stdio: 'inherit' });
console.log(`${vsix}: added ${files.length} files of the TypeScript server plugin (${plugin})`);
