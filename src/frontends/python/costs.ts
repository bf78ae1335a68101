/**
 * The CPU cost of the interpreted subset, in ns, per kind of bytecode-like operation
 * (README "Costs"). Calibrated against CPython 3.11.7 on this machine (2 cores, AMD EPYC)
 * with test/bench/pyCalibrate/cases.py, `node dist/bench.js python`: fourteen loops of one
 * kind of work each (a bare `for`, `total += i`, `while`, arithmetic, a global increment, a
 * call, attributes, a method, list and dict items, `if`, built-ins), each simulated within
 * 25% of the real interpreter's fastest of 21 runs. CPython 3.11's specializing interpreter
 * makes a local load cheap and a generic operator or a call dear, so one figure per node
 * (the former 15 ns) was 5× too slow on simple loops; these are per kind.
 */

/** LOAD_FAST, STORE_FAST, LOAD_CONST, a jump, RETURN_VALUE, `not`, `and`/`or`. */
export const FAST_NS = 1.5;
/** A `for` iteration: FOR_ITER (a `range` makes a new int), the store of the target, JUMP_BACKWARD. A comprehension's item too. */
export const FOR_ITER_NS = 10;
/** LOAD_GLOBAL / LOAD_NAME (a dict lookup, or a specialized cache hit). */
export const GLOBAL_LOAD_NS = 3;
/** STORE_GLOBAL / STORE_NAME: a dict write, which also invalidates the LOAD_GLOBAL caches that read it. */
export const GLOBAL_STORE_NS = 10;
/** BINARY_OP `+`, `-`, `*` (specialized for int and float in 3.11; a new int object for a result past 256). */
export const ARITH_NS = 5;
/** Any other BINARY_OP (`%`, `//`, `/`, `**`, shifts, bitwise, on strings and containers): the generic PyNumber_* path. */
export const GENERIC_OP_NS = 8;
/** COMPARE_OP (and `in`), a unary operator. */
export const COMPARE_NS = 2;
/** LOAD_ATTR / STORE_ATTR of an instance attribute or a method (specialized). */
export const ATTR_NS = 2;
/** BINARY_SUBSCR / STORE_SUBSCR on a list, tuple or dict. */
export const SUBSCR_NS = 4;
/** CALL of anything (a built-in is this alone: `len(a)`, `a.append(x)`). */
export const CALL_NS = 1;
/** A Python function's frame on top of CALL: _PyEvalFramePushAndInit, binding the arguments, RESUME. */
export const FRAME_NS = 9;
/** BUILD_LIST / BUILD_TUPLE / BUILD_MAP / BUILD_SET: a new container. */
export const BUILD_NS = 15;
/** FORMAT_VALUE of an f-string's part. */
export const FORMAT_NS = 25;
/** An item a built-in walks in C (`sum`, `min`, `sorted`, `list(...)`). */
export const C_ITEM_NS = 5;
