/**
 * The server plugin in a real tsserver (TypeScript's own `tsserver.js`, driven over stdio as
 * the editor drives it), loaded as VS Code loads it (`--globalPlugins interleave-tsplugin`):
 * a `.sim.ts` file in a folder with no tsconfig (an inferred project, like every example) and
 * one in a tsconfig project both resolve `import … from "interleave"` (no ts(2307)), and
 * `wg.` completes to the WaitGroup's methods.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../cli/helpers';

const SIM = `import { go, WaitGroup } from "interleave";

export default function main() {
  const wg = new WaitGroup();
  wg.add(1);
  go(() => wg.done());
  wg.wait();
}
`;

let probe = '';
const servers: ChildProcess[] = [];

beforeAll(async () => {
  // The plugin as the build lays it out: node_modules/interleave-tsplugin/{index.js,package.json,interleave.d.ts}.
  probe = mkdtempSync(join(tmpdir(), 'interleave-probe-'));
  const dir = join(probe, 'node_modules', 'interleave-tsplugin');
  mkdirSync(dir, { recursive: true });
  await build({
    bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'silent', external: ['typescript'],
    entryPoints: [join(ROOT, 'src/frontends/typescript/plugin/index.ts')], outfile: join(dir, 'index.js'),
    footer: { js: 'module.exports = module.exports.default;' },
  });
  copyFileSync(join(ROOT, 'src/frontends/typescript/plugin/package.json'), join(dir, 'package.json'));
  copyFileSync(join(ROOT, 'src/frontends/typescript/module/interleave.d.ts'), join(dir, 'interleave.d.ts'));
}, 60_000);

afterAll(() => {
  for (const s of servers) s.kill();
});

interface Response { readonly request_seq: number; readonly body?: unknown }

/** A tsserver with the plugin, and a way to send it a request and await its response. */
function tsserver(): (command: string, args: object) => Promise<Response> {
  const server = spawn(process.execPath, [join(ROOT, 'node_modules/typescript/lib/tsserver.js'),
    '--globalPlugins', 'interleave-tsplugin', '--pluginProbeLocations', join(probe, 'node_modules'), '--disableAutomaticTypingAcquisition'],
  { stdio: ['pipe', 'pipe', 'ignore'] });
  servers.push(server);
  let buf = Buffer.alloc(0);
  const waiting = new Map<number, (r: Response) => void>();
  server.stdout!.on('data', (d: Buffer) => {
    buf = Buffer.concat([buf, d]);
    for (;;) {
      const head = /Content-Length: (\d+)\r\n\r\n/.exec(buf.toString('latin1'));
      if (!head) return;
      const start = head.index + head[0].length;
      const length = Number(head[1]);
      if (buf.length < start + length) return;
      const message = JSON.parse(buf.subarray(start, start + length).toString('utf8')) as { type: string } & Response;
      buf = buf.subarray(start + length);
      if (message.type === 'response') waiting.get(message.request_seq)?.(message);
    }
  });
  let seq = 0;
  return (command, args) => new Promise((resolve) => {
    const s = ++seq;
    waiting.set(s, resolve);
    server.stdin!.write(JSON.stringify({ seq: s, type: 'request', command, arguments: args }) + '\n');
  });
}

async function check(folder: string): Promise<{ diagnostics: string[]; completions: string[] }> {
  const file = join(folder, 'bank.sim.ts');
  writeFileSync(file, SIM);
  const send = tsserver();
  // `open` has no response; the next request is answered after it.
  void send('open', { file, fileContent: SIM, projectRootPath: folder });
  const diagnostics = await send('semanticDiagnosticsSync', { file });
  // Line 5 is `  wg.add(1);`: just after `wg.`.
  const completions = await send('completionInfo', { file, line: 5, offset: 6 });
  return {
    diagnostics: (diagnostics.body as { code: number; text: string }[]).map((d) => `TS${d.code}: ${d.text}`),
    completions: ((completions.body as { entries?: { name: string }[] } | undefined)?.entries ?? []).map((e) => e.name),
  };
}

describe('the TypeScript server plugin in a real tsserver', () => {
  it('a .sim.ts file with no tsconfig (an inferred project) resolves "interleave" and completes wg.', async () => {
    const r = await check(mkdtempSync(join(tmpdir(), 'interleave-inferred-')));
    expect(r.diagnostics).toEqual([]);
    expect(r.completions).toEqual(expect.arrayContaining(['add', 'done', 'wait']));
  }, 60_000);

  it('a .sim.ts file in a user\'s tsconfig project does too', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'interleave-configured-'));
    writeFileSync(join(folder, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler' }, include: ['*.ts'] }));
    const r = await check(folder);
    expect(r.diagnostics).toEqual([]);
    expect(r.completions).toEqual(expect.arrayContaining(['add', 'done', 'wait']));
  }, 60_000);
});
