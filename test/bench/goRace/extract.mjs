// Go's own race tests as a yardstick for the Go front end (issue 14). Debian's golang-go ships
// them (src/runtime/race/testdata/*_test.go): every `TestRace*` is racy, every `TestNoRace*`
// race-free. This turns each test function into a `package main` program (its body becomes
// `func main`, with the top-level declarations it uses and the file's imports), writes them
// to OUT, and lists them in OUT/index.json with the verdict `go test -race` expects.
//
//   node test/bench/goRace/extract.mjs [GOROOT/src/runtime/race/testdata] [OUT]
//
// The programs are not edited otherwise: a test that calls `t.Errorf`, uses `unsafe` or
// anything else outside the subset is refused by the front end, and counts as not accepted.
import { parser } from '@lezer/go';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

function findTestdata() {
  for (const v of ['1.22', '1.21', '1.20', '1.19', '1.18']) {
    const dir = `/usr/lib/go-${v}/src/runtime/race/testdata`;
    try {
      readdirSync(dir);
      return dir;
    } catch {
      // next version
    }
  }
  return '/usr/lib/go/src/runtime/race/testdata';
}

const testdata = process.argv[2] ?? findTestdata();
const out = process.argv[3] ?? 'test/bench/goRace/out';
const goMinor = Number(/go-?1\.(\d+)/.exec(testdata)?.[1] ?? 22);
mkdirSync(out, { recursive: true });

/** Top-level declarations: name → source text (types, funcs, vars, consts; methods under their name too). */
function topLevel(text, tree) {
  const decls = [];
  const imports = [];
  for (let n = tree.topNode.firstChild; n; n = n.nextSibling) {
    const src = text.slice(n.from, n.to);
    if (n.name === 'ImportDecl') {
      for (const m of src.matchAll(/"([^"]+)"/g)) imports.push(m[1]);
      continue;
    }
    if (n.name === 'PackageClause' || n.name === 'LineComment' || n.name === 'BlockComment') continue;
    const names = new Set();
    const c = n.cursor();
    if (n.name === 'MethodDecl') {
      for (let k = n.firstChild; k; k = k.nextSibling) if (k.name === 'FieldName') names.add(text.slice(k.from, k.to));
    } else {
      c.iterate((x) => {
        if (x.name === 'DefName' && (x.node.parent?.name === 'FunctionDecl' || x.node.parent?.name === 'TypeSpec'
          || x.node.parent?.name === 'VarSpec' || x.node.parent?.name === 'ConstSpec' || x.node.parent?.name === 'VarDecl')) {
          names.add(text.slice(x.from, x.to));
        }
        if (x.name === 'Block' || x.name === 'FunctionLiteral') return false;
        return true;
      });
    }
    decls.push({ kind: n.name, names: [...names], src });
  }
  return { decls, imports };
}

function identifiers(src) {
  return new Set(src.match(/[A-Za-z_]\w*/g) ?? []);
}

const index = [];
for (const file of readdirSync(testdata).filter((f) => f.endsWith('_test.go')).sort()) {
  const text = readFileSync(join(testdata, file), 'utf8');
  const tree = parser.parse(text);
  const { decls, imports } = topLevel(text, tree);
  const helpers = decls.filter((d) => !(d.kind === 'FunctionDecl' && d.names.some((n) => /^(Test|Benchmark|Example)/.test(n))));
  for (const d of decls) {
    if (d.kind !== 'FunctionDecl') continue;
    const name = d.names.find((n) => /^Test(No)?Race/.test(n));
    if (!name) continue;
    const body = /\{([\s\S]*)\}\s*$/.exec(d.src.slice(d.src.indexOf(')') + 1))?.[1] ?? '';
    // The helpers it uses, and theirs (a fixed point over the names they mention).
    const used = new Set();
    let words = identifiers(body);
    for (let changed = true; changed;) {
      changed = false;
      for (const h of helpers) {
        if (used.has(h) || !h.names.some((n) => n !== '_' && words.has(n))) continue;
        used.add(h);
        words = new Set([...words, ...identifiers(h.src)]);
        changed = true;
      }
    }
    const imported = imports.filter((p) => p !== 'testing' && words.has(p.split('/').pop()));
    // The tests are written for the Go that ships them: its loop-variable rule (one per loop before 1.22).
    const program = [
      `//go:build go1.${goMinor}`,
      '',
      `// ${name} from ${file} (Go's runtime/race/testdata), extracted by test/bench/goRace/extract.mjs`,
      'package main',
      '',
      ...(imported.length > 0 ? ['import (', ...imported.map((p) => `\t"${p}"`), ')', ''] : []),
      ...helpers.filter((h) => used.has(h)).map((h) => `${h.src}\n`),
      'func main() {',
      body.replace(/^\n/, ''),
      '}',
      '',
    ].join('\n');
    const outFile = `${file.replace(/_test\.go$/, '')}__${name}.go`;
    writeFileSync(join(out, outFile), program);
    index.push({ file: outFile, test: name, source: file, racy: !name.startsWith('TestNoRace') });
  }
}
writeFileSync(join(out, 'index.json'), JSON.stringify(index, null, 1));
console.log(`${index.length} tests (${index.filter((t) => t.racy).length} racy, ${index.filter((t) => !t.racy).length} race-free) from ${testdata} → ${out}`);
