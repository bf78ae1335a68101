/**
 * The cache-line cost of a shared access, MESI-like and without capacity: each line
 * remembers the core holding it modified and the cores sharing it. Costs are the
 * models.md latencies at 3 GHz. L2 is not modelled separately: without capacity
 * misses a line is either in a core's private cache (L1 cost), in the shared L3, owned
 * modified by another core (a transfer, ~75 cycles), or nowhere yet (DRAM).
 * Variables that share a `line` pay each other's transfers: false sharing.
 */
const CYCLE_NS = 1 / 3;
export const L1_NS = 4 * CYCLE_NS;
export const L3_NS = 40 * CYCLE_NS;
export const TRANSFER_NS = 75 * CYCLE_NS;
export const DRAM_NS = 80;
/**
 * A locked read-modify-write (x86 `lock xadd`/`xchg`/`cmpxchg`) drains the store buffer
 * and holds the line: about 18 cycles on top of the access even on an L1 hit (Agner
 * Fog, instruction tables: Skylake `LOCK XADD`, ~18 cycles).
 */
export const ATOMIC_RMW_NS = 18 * CYCLE_NS;

export class CacheModel {
  /** Core holding the line modified, -1 when none. */
  private owner: number[] = [];
  /** Bitmask of cores holding a copy (cores above 31 share bit positions: an approximation). */
  private sharers: number[] = [];
  transfers = 0;

  private ensure(line: number): void {
    while (this.owner.length <= line) {
      this.owner.push(-1);
      this.sharers.push(0);
    }
  }

  /**
   * Cost in ns of `core` reading (`write` false) or writing line `line`, updating its
   * state; `atomicRmw` adds the locked read-modify-write's own cost.
   */
  access(core: number, line: number, write: boolean, atomicRmw = false): number {
    this.ensure(line);
    const bit = 1 << (core & 31);
    const owner = this.owner[line];
    const sharers = this.sharers[line];
    let ns: number;
    if (owner === core || (owner === -1 && (sharers & bit) !== 0 && (!write || sharers === bit))) {
      ns = L1_NS;
    } else if (owner !== -1) {
      ns = TRANSFER_NS;
      this.transfers++;
    } else if (sharers !== 0) {
      ns = L3_NS; // a copy exists in the shared L3 (a write also invalidates the other copies)
    } else {
      ns = DRAM_NS;
    }
    if (write) {
      this.owner[line] = core;
      this.sharers[line] = bit;
    } else {
      if (owner !== -1 && owner !== core) this.sharers[line] = sharers | (1 << (owner & 31));
      if (owner !== core) this.owner[line] = -1;
      this.sharers[line] |= bit;
    }
    return atomicRmw ? ns + ATOMIC_RMW_NS : ns;
  }
}
