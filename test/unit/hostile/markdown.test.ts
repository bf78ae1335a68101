import { describe, expect, it } from 'vitest';
import { cli } from '../cli/helpers';
import { hostileFile } from './helpers';

const XSS = '<img src=x onerror=alert(1)>';

function markdownOf(file: string): string {
  const r = cli('export', file, '--format', 'markdown');
  expect(r.code, r.err).toBeLessThanOrEqual(1);
  return r.out + [...r.written.values()].join('');
}

/** Cells of a Markdown table row, split at the pipes that are not escaped. */
function cells(line: string): string[] {
  return line.replace(/^\| | \|$/g, '').split(/(?<!\\)\| /).map((c) => c.trim());
}

describe('Markdown reports escape text from the file and the run', () => {
  it('an assertion message and a final value with HTML and pipes', () => {
    const file = hostileFile('xss.sim.ts', `import { spawn, assert } from 'interleave';
export default function main() {
  let note = '';
  const t = spawn(() => { note = '${XSS} | a [link](javascript:alert(1))'; });
  t.join();
  assert(false, '${XSS} | broken');
}
`);
    const md = markdownOf(file);
    expect(md).not.toContain('<img');
    expect(md).toContain('&lt;img src=x onerror=alert(1)&gt; | broken');
    expect(md).not.toContain('[link](');
    const noteRow = md.split('\n').find((l) => l.startsWith('| note |'))!;
    expect(cells(noteRow)).toEqual(['note', '"&lt;img src=x onerror=alert(1)&gt; \\| a \\[link\\](javascript:alert(1))"']);
  });

  it('a scenario name and description, and a printed line', () => {
    const file = hostileFile('xss.scenario.yaml', `name: "${XSS} | title"
description: "<script>alert(1)</script> **bold**"
tasks:
  main:
    - print: "\`\`\` ${XSS}"
`);
    const md = markdownOf(file);
    // Inside the log's code fence raw text is shown as text; everywhere else it must be escaped.
    expect(md.replace(/^````\n[^]*?\n````$/m, '')).not.toMatch(/<img|<script/);
    expect(md).toMatch(/^# &lt;img src=x onerror=alert\(1\)&gt; \| title$/m);
    expect(md).toContain('&lt;script&gt;alert(1)&lt;/script&gt; **bold**');
    // The log's fence is longer than the backticks the program printed, so the line stays inside it.
    expect(md).toMatch(/^````\n.*``` <img src=x onerror=alert\(1\)>\n````$/m);
  });
});
