/**
 * The library methods whose function argument the simulation runs step by step: the
 * runtime's own versions of them (sandbox/runtimeSource.ts, `stepAware`) call a simulated
 * callback with `yield*`, so the callback may read and write shared state and block. The
 * compile makes a function handed to one of them simulated code (compile/analyze.ts).
 */
export const STEP_AWARE_METHODS: ReadonlySet<string> = new Set(['forEach', 'map', 'filter', 'reduce', 'reduceRight', 'some', 'every',
  'find', 'findIndex', 'findLast', 'findLastIndex', 'flatMap', 'sort', 'toSorted']);
