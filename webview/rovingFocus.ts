/**
 * One Tab stop for a group of many focusable items, by a roving tabindex (WAI-ARIA
 * Authoring Practices, "Developing a Keyboard Interface", "Managing Focus Within
 * Components Using a Roving tabindex"): exactly one item has tabIndex 0 (the last one
 * focused, else the first), all others -1. Tab enters the group on that item and the next
 * Tab leaves it; ←/→ and ↑/↓ move to the previous/next item in document order, Home/End to
 * the first/last. Those keys are marked handled (`preventDefault`), so the panel's global
 * arrow keys (which step the timeline) leave them alone while focus is inside.
 *
 * The group's content may be redrawn from scratch (the machine view redraws every moment):
 * `settle` re-applies the tab stops afterwards, keeping the same item (by key) active, and
 * focused if it was.
 */

export class RovingFocus {
  /** The key of the item that holds the group's Tab stop. */
  private activeKey: string | null = null;
  private activeIndex = 0;

  /**
   * `selector` finds the items inside `container`; `keyOf` names an item so the same one
   * is found again after a redraw.
   */
  constructor(
    private readonly container: HTMLElement,
    private readonly selector: string,
    private readonly keyOf: (item: HTMLElement) => string,
  ) {
    container.addEventListener('focusin', (e) => {
      const item = this.itemOf(e.target);
      if (item) this.activate(item);
    });
    container.addEventListener('keydown', (e) => this.key(e));
  }

  /** The items, in document order. */
  items(): HTMLElement[] {
    return [...this.container.querySelectorAll<HTMLElement>(this.selector)];
  }

  /** Whether focus is on one of the items (call before a redraw, pass to `settle`). */
  hasFocus(): boolean {
    return this.itemOf(document.activeElement) !== null;
  }

  /**
   * After the items were redrawn: gives the Tab stop to the item with the same key, else
   * to `near(key)` (an item standing for it, such as the same box running another task),
   * else to the item at the same position (clamped), and focuses it if `refocus`.
   */
  settle(refocus: boolean, near: (key: string, items: readonly HTMLElement[]) => HTMLElement | undefined = () => undefined): void {
    const items = this.items();
    if (items.length === 0) return;
    const key = this.activeKey;
    const next = (key !== null ? items.find((i) => this.keyOf(i) === key) ?? near(key, items) : undefined)
      ?? items[Math.min(this.activeIndex, items.length - 1)];
    for (const item of items) item.tabIndex = -1;
    this.activate(next, items);
    if (refocus) next.focus({ preventScroll: true });
  }

  private activate(item: HTMLElement, items = this.items()): void {
    const current = items.find((i) => i.tabIndex === 0);
    if (current && current !== item) current.tabIndex = -1;
    item.tabIndex = 0;
    this.activeKey = this.keyOf(item);
    this.activeIndex = Math.max(0, items.indexOf(item));
  }

  private key(e: KeyboardEvent): void {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const item = this.itemOf(e.target);
    if (!item) return;
    const items = this.items();
    const at = items.indexOf(item);
    let to: number;
    switch (e.key) {
      case 'ArrowRight': case 'ArrowDown': to = Math.min(items.length - 1, at + 1); break;
      case 'ArrowLeft': case 'ArrowUp': to = Math.max(0, at - 1); break;
      case 'Home': to = 0; break;
      case 'End': to = items.length - 1; break;
      default: return;
    }
    // Handled even at either end (no wrap): the arrows must not fall through to the panel's stepping.
    e.preventDefault();
    if (to !== at) items[to].focus();
  }

  private itemOf(target: EventTarget | null): HTMLElement | null {
    if (!(target instanceof HTMLElement) || !this.container.contains(target)) return null;
    return target.matches(this.selector) ? target : null;
  }
}
