/**
 * A FIFO wait queue with O(1) push, shift and unshift (amortised), so a channel or mutex
 * with 100,000 waiting goroutines does not pay a quadratic `Array.shift`. Removing an
 * arbitrary task (cancel) is O(n), which only selects and ended tasks need.
 */
export class FifoQueue<T> {
  private items: T[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(item: T): void {
    this.items.push(item);
  }

  /** Put an item back at the front (Go's queueLifo for a waiter that lost its retry). */
  unshift(item: T): void {
    if (this.head > 0) this.items[--this.head] = item;
    else this.items.unshift(item);
  }

  peek(): T | undefined {
    return this.head < this.items.length ? this.items[this.head] : undefined;
  }

  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head];
    this.items[this.head] = undefined as T; // let it be collected
    this.head++;
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    } else if (this.head >= 1024 && this.head * 2 >= this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }

  /** Remove every item and return them in order. */
  drain(): T[] {
    const all = this.items.slice(this.head);
    this.items = [];
    this.head = 0;
    return all;
  }

  some(pred: (item: T) => boolean): boolean {
    for (let i = this.head; i < this.items.length; i++) if (pred(this.items[i])) return true;
    return false;
  }

  find(pred: (item: T) => boolean): T | undefined {
    for (let i = this.head; i < this.items.length; i++) if (pred(this.items[i])) return this.items[i];
    return undefined;
  }

  /** Remove the items matching `pred`; returns how many went. */
  removeWhere(pred: (item: T) => boolean): number {
    const before = this.length;
    if (before === 0) return 0;
    const kept = this.items.slice(this.head).filter((x) => !pred(x));
    if (kept.length === before) return 0;
    this.items = kept;
    this.head = 0;
    return before - kept.length;
  }

  toArray(): T[] {
    return this.items.slice(this.head);
  }
}
