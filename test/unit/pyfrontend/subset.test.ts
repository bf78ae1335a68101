/**
 * Outside the subset: every construct the front end does not simulate is a positioned
 * error naming it, reported before anything runs (never a crash, never a statement
 * skipped). And the file kind: a `.py` file is interpreted in our model, never run as a
 * process, so it needs no workspace trust.
 */
import { describe, expect, it } from 'vitest';
import { fileKindOf } from '../../../src/extension/lens/fileKind';
import { kindRunsCode, lensLines } from '../../../src/service/files';
import { compileText } from '../../../src/service/index';
import { cli, pyFile, runPy } from './helpers';

function errorsOf(text: string): { message: string; line: number; column: number }[] {
  return compileText('/tmp/x.py', text).errors.map((e) => ({ message: e.message, line: e.at.line, column: e.at.column }));
}

describe('outside the Python subset', () => {
  it.each([
    ['async def f(xs):\n    async for x in xs:\n        pass\n', /`async for` \(asynchronous iterators\)/, 2, 5],
    ['def g():\n    yield 1\n', /`yield` \(generators\)/, 2, 5],
    ['@decorator\ndef f():\n    pass\n', /a decorator/, 1, 1],
    ['x = 1\nif (y := 2):\n    pass\n', /the `:=` walrus operator/, 2, 5],
    ['from os import *\n', /`import \*`/, 1, 1],
    ['match x:\n    case 1:\n        pass\n', /match/i, 1, 1],
    ['x = 3j\n', /a complex number/, 1, 5],
    ['x = b"raw"\n', /a bytes literal/, 1, 5],
  ])('%j is a positioned error naming the construct', (text, message, line, column) => {
    const errors = errorsOf(text);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0].message).toMatch(message);
    expect(errors[0]).toMatchObject({ line, column });
  });

  it('reports every unsupported statement, not only the first, and runs none of the file', () => {
    const errors = errorsOf('print("before")\nasync for a in b:\n    pass\nprint("between")\n@d\ndef b():\n    pass\n');
    expect(errors.map((e) => e.line)).toEqual([2, 5]);
    const r = cli('run', pyFile('print("before")\nasync for a in b:\n    pass\n'));
    expect(r.code).toBe(2);
    expect(r.out).not.toContain('before');
    expect(r.err).toMatch(/:2:1: error: `async for` \(asynchronous iterators\) is not in the Python subset/);
  });

  it('a syntax error is positioned, and garbage never crashes the compiler', () => {
    expect(errorsOf('def f(:\n    pass\n')[0]).toMatchObject({ message: expect.stringMatching(/syntax error/), line: 1 });
    for (const junk of ['))))', 'class', 'for in in in:', '\u0000\u0001', 'lambda: (', 'x = [1, 2', 'if x:\nelse:\n', '"""']) {
      expect(() => compileText('/tmp/j.py', junk)).not.toThrow();
    }
  });

  it('an unknown module or an unsimulated call is named at its line when it runs', () => {
    const mod = runPy('import numpy\n');
    expect(mod.code).toBe(1);
    expect(mod.log[0]).toMatch(/No module named 'numpy' in the simulated subset/);
    const rand = runPy('import random\nx = random.random()\n');
    expect(rand.log[0]).toMatch(/random\.random\(\) is not simulated/);
    expect(rand.out).toMatch(/"line": 2/);
  });

  it('a thread in a file that uses multiprocessing is an error at the thread, not a silent process', () => {
    const errors = errorsOf('import multiprocessing\nimport threading\ndef f():\n    pass\nt = threading.Thread(target=f)\n');
    expect(errors).toEqual([{ message: expect.stringMatching(/a thread in a file that uses multiprocessing is not simulated/), line: 5, column: 5 }]);
  });

  it('the `# @interleave` header sets the machine and the runtime, and refuses an unknown setting at its place', () => {
    const r = runPy('# @interleave cores=2 free_threaded=true\nprint(1)\n');
    expect(JSON.parse(r.out).config.machine.cores).toBe(2);
    expect(JSON.parse(r.out).config.runtime.freeThreaded).toBe(true);
    expect(errorsOf('# @interleave corez=2\n')[0]).toMatchObject({ message: expect.stringMatching(/unknown setting `corez`/), line: 1, column: 15 });
    expect(errorsOf('# @interleave runtime=go\n')[0].message).toMatch(/does not run Python/);
  });
});

describe('.py files in the editor', () => {
  it('are the python kind, need no workspace trust (interpreted in our model, never run), and get the CodeLens row above the main guard', () => {
    const text = 'import threading\n\ndef f():\n    pass\n\nif __name__ == "__main__":\n    f()\n';
    expect(fileKindOf('/w/a.py', text)).toBe('python');
    expect(kindRunsCode('python')).toBe(false);
    expect(lensLines(text, 'python')).toEqual([5]);
    expect(lensLines('print(1)\n', 'python')).toEqual([0]);
    // Ordinary Python in a workspace is none of our business; the command line takes any .py.
    expect(fileKindOf('/w/plot.py', 'import numpy as np\nprint(np.ones(3))\n')).toBeUndefined();
    expect(fileKindOf('/w/q.py', '# @interleave cores=2\nprint(1)\n')).toBe('python');
  });
});
