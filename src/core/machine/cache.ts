/**
 * The cache-line cost of a shared access, MESI-like and without capacity: each line
 * remembers the core holding it modified and the cores sharing it. Costs are the
 * models.md latencies at 3 GHz (the machine's `l1_cycles`, `l3_cycles`, `dram_latency`).
 * L2 plays no part here: without capacity misses a line is either in a core's private
 * cache (L1 cost), in the shared L3, owned modified by another core (a transfer, ~75
 * cycles), or nowhere yet (DRAM). Capacity, and so L2, is the working-set model of
 * hierarchy.ts. Variables that share a `line` pay each other's transfers: false sharing.
 *
 * A write to a line that several other cores hold pays, beyond the first, half a transfer
 * per extra core: the directory serves the cores' requests for the line one at a time, and
 * the writer's request waits behind half of them on average. This is the mechanism of
 * Boyd-Wickizer, Kaashoek, Morris and Zeldovich, "Non-scalable locks are dangerous"
 * (Linux Symposium 2012): a lock every waiting core has read gets slower to hand over the
 * more cores wait for it. Sync objects sit on lines of their own, and a sync op that blocks
 * (a lock found taken, an empty channel, a WaitGroup not yet done) has read the object's
 * word, so it leaves the waiter's core holding a copy (`touch`).
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

/** What a write pays per core holding a copy beyond the first (see above). */
export const INVALIDATE_NS = TRANSFER_NS / 2;

export class CacheModel {
  private readonly l1Ns: number;
  private readonly l3Ns: number;
  private readonly dramNs: number;
  /** Core holding the line modified, -1 when none. */
  private owner: number[] = [];
  /** Bitmask of cores holding a copy (cores above 31 share bit positions: an approximation). */
  private sharers: number[] = [];
  transfers = 0;

  /** Latencies from the machine's settings; the defaults are models.md's. */
  constructor(m?: { l1Cycles: number; l3Cycles: number; dramNs: number }) {
    this.l1Ns = m ? m.l1Cycles * CYCLE_NS : L1_NS;
    this.l3Ns = m ? m.l3Cycles * CYCLE_NS : L3_NS;
    this.dramNs = m ? m.dramNs : DRAM_NS;
  }

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
      ns = this.l1Ns;
    } else if (owner !== -1) {
      ns = TRANSFER_NS;
      this.transfers++;
    } else if (sharers !== 0) {
      ns = this.l3Ns; // a copy exists in the shared L3 (a write also invalidates the other copies)
    } else {
      ns = this.dramNs;
    }
    if (write) {
      // Other cores' copies beyond the first: each costs the writer half a transfer (see above).
      const others = popcount((sharers & ~bit) | (owner !== -1 && owner !== core ? 1 << (owner & 31) : 0));
      if (others > 1) ns += (others - 1) * INVALIDATE_NS;
      this.owner[line] = core;
      this.sharers[line] = bit;
    } else {
      if (owner !== -1 && owner !== core) this.sharers[line] = sharers | (1 << (owner & 31));
      if (owner !== core) this.owner[line] = -1;
      this.sharers[line] |= bit;
    }
    return atomicRmw ? ns + ATOMIC_RMW_NS : ns;
  }

  /**
   * `core` read the line and keeps a copy, at no cost charged here: a sync op that blocked
   * (its waiter stops at once; the miss is hidden in its wait).
   */
  touch(core: number, line: number): void {
    this.ensure(line);
    const owner = this.owner[line];
    if (owner === core) return;
    if (owner !== -1) this.sharers[line] |= 1 << (owner & 31);
    this.owner[line] = -1;
    this.sharers[line] |= 1 << (core & 31);
  }
}

function popcount(x: number): number {
  let n = 0;
  for (let v = x >>> 0; v !== 0; v &= v - 1) n++;
  return n;
}
