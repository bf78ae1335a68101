/**
 * What a run could leave behind in its context for the next run to see: a property on
 * `globalThis`, a patched built-in (`Array.prototype.x = …`, `Math.random = …`), a changed
 * prototype or a frozen intrinsic. A snapshot records every object reachable from the
 * context's global and its hidden intrinsics (the generator and iterator prototypes, …)
 * through property values, accessors and prototypes, with each one's prototype,
 * extensibility and exact property descriptors; `unchanged()` compares them again (but for
 * the properties no code can change: `fixed`).
 *
 * The comparison runs in the host realm with the host's `Reflect`, so user code that
 * patched the context's `Reflect` or `Object` cannot hide its changes. It calls no getter
 * and no Proxy trap (intrinsics are not proxies; values are compared by identity).
 * State that user code cannot observe is left out: the `Symbol.for` registry and
 * template-object caches. The RegExp legacy statics (`RegExp.$1`) are reset by the
 * runtime at the start of each run (runtimeSource.ts `runMain`).
 */

interface ObjectState {
  readonly object: object;
  readonly proto: object | null;
  readonly extensible: boolean;
  /** How many own keys it had. */
  readonly count: number;
  /** The keys whose property may still change, and their descriptors. */
  readonly keys: readonly (string | symbol)[];
  readonly descriptors: readonly PropertyDescriptor[];
}

/**
 * A property no code can change or delete (ECMAScript's invariants of [[DefineOwnProperty]]
 * and [[Delete]]): a data property neither configurable nor writable (Math.PI, a
 * constructor's `prototype`), or an accessor that is not configurable. Not compared again:
 * reading the descriptor of a sloppy function's own `arguments` and `caller` (value null,
 * both fixed) walks the stack, 4% of a small program's exploration.
 */
function fixed(d: PropertyDescriptor): boolean {
  return d.configurable === false && (d.writable === false || 'get' in d);
}

function isObject(v: unknown): v is object {
  return (typeof v === 'object' && v !== null) || typeof v === 'function';
}

function sameDescriptor(a: PropertyDescriptor | undefined, b: PropertyDescriptor): boolean {
  return a !== undefined && Object.is(a.value, b.value) && a.get === b.get && a.set === b.set
    && a.writable === b.writable && a.enumerable === b.enumerable && a.configurable === b.configurable;
}

export class RealmSnapshot {
  private constructor(private readonly states: readonly ObjectState[]) {}

  /** Records everything reachable from `roots` (the global and the intrinsics no property reaches). */
  static take(roots: readonly object[]): RealmSnapshot {
    const seen = new Set<object>();
    const states: ObjectState[] = [];
    const queue = [...roots];
    while (queue.length > 0) {
      const object = queue.pop()!;
      if (seen.has(object)) continue;
      seen.add(object);
      const keys = Reflect.ownKeys(object);
      const descriptors = keys.map((k) => Reflect.getOwnPropertyDescriptor(object, k)!);
      const proto = Reflect.getPrototypeOf(object);
      // A frozen object can never change again (nor its prototype): nothing to compare.
      if (!Object.isFrozen(object)) {
        const changeable = keys.flatMap((k, i) => (fixed(descriptors[i]) ? [] : [i]));
        states.push({
          object, proto, extensible: Reflect.isExtensible(object), count: keys.length,
          keys: changeable.map((i) => keys[i]), descriptors: changeable.map((i) => descriptors[i]),
        });
      }
      if (proto) queue.push(proto);
      for (const d of descriptors) {
        if (isObject(d.value)) queue.push(d.value);
        if (isObject(d.get)) queue.push(d.get);
        if (isObject(d.set)) queue.push(d.set);
      }
    }
    return new RealmSnapshot(states);
  }

  /** True when no recorded object gained, lost or changed a property, its prototype or its extensibility. */
  unchanged(): boolean {
    for (const s of this.states) {
      if (Reflect.getPrototypeOf(s.object) !== s.proto || Reflect.isExtensible(s.object) !== s.extensible) return false;
      // The fixed keys are all still there (none can be deleted): same count, same keys.
      if (Reflect.ownKeys(s.object).length !== s.count) return false;
      for (let i = 0; i < s.keys.length; i++) {
        if (!sameDescriptor(Reflect.getOwnPropertyDescriptor(s.object, s.keys[i]), s.descriptors[i])) return false;
      }
    }
    return true;
  }
}
