/**
 * The Python subset, run through `interleave run`: what `print` shows must be what python3
 * prints for the same file (the expected lines below are python3 3.11's output).
 */
import { describe, expect, it } from 'vitest';
import { runPy } from './helpers';

describe('the Python subset', () => {
  it('prints what python3 prints: numbers, strings, containers, f-strings with format specs', () => {
    const r = runPy(`
x = 7
print("hi", 1, 2.5, [1, "a"], {"k": (1,)}, {3}, None, True)
print(f"{x:>4}|{x / 2}|{x // 2}|{x % 3}|{2 ** 10:,}|{1/3:.3f}|{'s'!r}")
print("a", "b", sep="-")
print(10 / 5, 7 * 1.5, -7 // 2, "ab" * 3)
`);
    expect(r.err).toBe('');
    expect(r.log).toEqual([
      "hi 1 2.5 [1, 'a'] {'k': (1,)} {3} None True",
      "   7|3.5|3|1|1,024|0.333|'s'",
      'a-b',
      "2.0 10.5 -4 ababab",
    ]);
  });

  it('runs functions, closures, global/nonlocal, classes with methods, comprehensions, loops, with and try/finally', () => {
    const r = runPy(`
total = 0
def add(n):
    global total
    total += n

def make_counter():
    count = 0
    def inc(step=1):
        nonlocal count
        count += step
        return count
    return inc

class Account:
    rate = 2
    def __init__(self, owner, balance=0):
        self.owner = owner
        self.balance = balance
    def deposit(self, amount):
        self.balance += amount * self.rate
        return self
    def __str__(self):
        return f"{self.owner}: {self.balance}"

class Savings(Account):
    def __init__(self, owner):
        super().__init__(owner, 100)

for i in range(4):
    add(i)
c = make_counter()
c(); c(5)
squares = [n * n for n in range(5) if n % 2 == 0]
pairs = {k: v for k, v in zip("abc", [1, 2, 3])}
acct = Savings("ann").deposit(10)
n = 0
while n < 3:
    n += 1
else:
    n += 10
log = []
class Ctx:
    def __enter__(self):
        log.append("enter")
        return self
    def __exit__(self, *exc):
        log.append("exit")
with Ctx():
    log.append("body")
try:
    try:
        {}["missing"]
    finally:
        log.append("finally")
except KeyError as e:
    log.append(f"caught {e!r}")
a, b = 1, 2
a, b = b, a
print(total, c(0), squares, pairs, str(acct), n, log, a, b, sorted({3, 1, 2}), len("hello"), sum(range(5)))
`);
    expect(r.err).toBe('');
    expect(r.log).toEqual([
      "6 6 [0, 4, 16] {'a': 1, 'b': 2, 'c': 3} ann: 120 13 ['enter', 'body', 'exit', 'finally', \"caught KeyError('missing')\"] 2 1 [1, 2, 3] 5 10",
    ]);
  });

  it('binds `not` tighter than `and`/`or` and chains comparisons, as Python\'s grammar does (the lezer tree does neither)', () => {
    const r = runPy(`
x = 20
a = True
b = False
print(0 < x < 10, 0 < x < 30, 1 < 2 < 3 < 4, 1 < 3 < 2 < 4, x == 20 != 5, not a and b, not (a and b), not b and not b)
`);
    expect(r.log).toEqual(['False True True False True False True True']);
  });

  it('evaluates the middle of a chained comparison once, and stops at the first false link (python3 prints the same)', () => {
    const r = runPy(`
calls = []
def f(x):
    calls.append(x)
    return x
print(1 < f(2) < 3, calls)
print(3 < f(2) < f(5), calls)
print(1 in [1] in [[1]], 5 > f(4) > f(3) > 1, calls)
`);
    expect(r.log).toEqual(['True [2]', 'False [2, 2]', 'True True [2, 2, 4, 3]']);
  });

  it('reports an uncaught exception as a finding at the line that raised it', () => {
    const r = runPy(`
def f(x):
    return 10 / x

print(f(0))
`);
    expect(r.code).toBe(1);
    expect(r.log[0]).toBe('Traceback: ZeroDivisionError: division by zero');
    expect(r.out).toMatch(/"line": 3/);
  });
});
