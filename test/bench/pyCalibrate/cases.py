# The calibration cases of the Python front end's CPU costs (src/frontends/python/costs.ts).
# Each case is a function `case_NAME(n)` doing n iterations of one kind of work; run by the
# real interpreter (python3 cases.py: one JSON line, ns per iteration, the fastest of 21 runs
# timed with perf_counter inside the process: on a shared machine the fastest run is the one
# least disturbed by other processes) and by the simulator (pyCalibrate.ts: the
# same file, each case called once, its simulated time ÷ n). Kept small and plain so the
# interpreter's subset runs it unchanged.
import sys
import time

counter = 0


class Box:
    def __init__(self):
        self.x = 0

    def inc(self):
        self.x += 1


def add(a, b):
    return a + b


def case_for_pass(n):
    for i in range(n):
        pass


def case_for_sum(n):
    total = 0
    for i in range(n):
        total += i
    return total


def case_while(n):
    i = 0
    while i < n:
        i += 1


def case_arith(n):
    total = 0
    for i in range(n):
        total = (total + i * 3 - 1) % 1000003
    return total


def case_global_inc(n):
    global counter
    for _ in range(n):
        counter += 1


def case_call(n):
    total = 0
    for i in range(n):
        total = add(total, i)
    return total


def case_attr(n):
    b = Box()
    for _ in range(n):
        b.x += 1


def case_method(n):
    b = Box()
    for _ in range(n):
        b.inc()


def case_list_index(n):
    a = [0] * 10
    for i in range(n):
        a[i % 10] += 1


def case_list_append(n):
    # The same object each time: appending n new ints would measure the allocator's page
    # faults (97 ns an append here at n = 200,000), which the model has no notion of.
    a = []
    for i in range(n):
        a.append(1)


def case_dict(n):
    d = {}
    for i in range(n):
        d[i % 64] = i


def case_dict_get(n):
    d = {0: 1, 1: 2}
    total = 0
    for i in range(n):
        total += d[i % 2]
    return total


def case_if(n):
    odd = 0
    for i in range(n):
        if i % 2 == 1:
            odd += 1
    return odd


def case_builtin_len(n):
    a = [1, 2, 3]
    total = 0
    for _ in range(n):
        total += len(a)
    return total


def case_sum_range(n):
    return sum(range(n))


CASES = [
    case_for_pass, case_for_sum, case_while, case_arith, case_global_inc, case_call, case_attr,
    case_method, case_list_index, case_list_append, case_dict, case_dict_get, case_if,
    case_builtin_len, case_sum_range,
]

if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    out = []
    for case in CASES:
        times = []
        for _ in range(21):
            t0 = time.perf_counter()
            case(n)
            times.append(time.perf_counter() - t0)
        out.append('"' + case.__name__[5:] + '": ' + str(round(min(times) / n * 1e9, 2)))
    print("{" + ", ".join(out) + "}")
