/**
 * The cache hierarchy the seeds draw: registers, L1, L2, L3 and RAM. A value in a register
 * costs nothing beyond the compute that uses it; every other load is served by the first
 * level whose capacity holds the loop's whole working set.
 *
 * Simplified, on purpose (docs/models.md, "Hardware"):
 * - capacity alone decides the level: every load of a working set that fits in L2 but not
 *   in L1 pays the L2 latency. That is what a random or cyclic pass over the set sees with
 *   LRU replacement; a sequential scan is mostly hidden by the hardware prefetchers, which
 *   are not modelled;
 * - no associativity conflicts, no partial hits (a set just over L1 pays L2 for every load);
 * - the shared L3 is not divided among the cores using it at the same moment;
 * - loads do not overlap (no memory-level parallelism): the latencies add up.
 * Defaults: the latencies of spec/models.md (4 / 12 / 40 cycles at 3 GHz, 80 ns), and the
 * capacities of an Intel Skylake client core (Intel 64 and IA-32 Architectures Optimization
 * Reference Manual, "Skylake microarchitecture" cache table: 32 KiB L1D, 256 KiB L2, an
 * L3 of 2 MiB per core, 8 MiB on 4 cores).
 */
import type { SimConfig } from '../program';

/** The clock the cycle counts are written at (models.md: "at 3 GHz"). */
export const GHZ = 3;
export const CACHE_LEVELS = ['L1', 'L2', 'L3', 'RAM'] as const;
export type CacheLevel = (typeof CACHE_LEVELS)[number];

type Hierarchy = Pick<SimConfig['machine'], 'l1Kib' | 'l2Kib' | 'l3Kib' | 'l1Cycles' | 'l2Cycles' | 'l3Cycles' | 'dramNs'>;

/** The level that serves the loads of a working set of `bytes`. */
export function levelFor(m: Hierarchy, bytes: number): CacheLevel {
  if (bytes <= m.l1Kib * 1024) return 'L1';
  if (bytes <= m.l2Kib * 1024) return 'L2';
  if (bytes <= m.l3Kib * 1024) return 'L3';
  return 'RAM';
}

/** One load's latency at `level`, in ns (fractional). */
export function levelLatencyNs(m: Hierarchy, level: CacheLevel): number {
  switch (level) {
    case 'L1': return m.l1Cycles / GHZ;
    case 'L2': return m.l2Cycles / GHZ;
    case 'L3': return m.l3Cycles / GHZ;
    case 'RAM': return m.dramNs;
  }
}

/** Time of `count` loads over a working set of `bytes`: each pays its level's latency (integer ns). */
export function accessesNs(m: Hierarchy, count: number, bytes: number): number {
  return Math.round(count * levelLatencyNs(m, levelFor(m, bytes)));
}
