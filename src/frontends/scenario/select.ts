/**
 * `select:` with `recv`, `send` and `default` cases → one `select` step (Go's select).
 * The engine answers with the index of the case it chose (-1 for default), and the body
 * compiled here for that case runs next.
 */
import type { Node } from 'yaml';
import type { SelectCase, SourceRange } from '../../core/program';
import { checkKeys, mapEntries, readScalar, readString, seqItems, type Entry } from './reader';
import type { Step, TaskContext } from './steps';
import { suggestion } from './suggest';

/** Parses a nested step list (steps.ts passes its own, to keep the import one-way). */
export type ParseSteps = (ctx: TaskContext, node: Node | null, what: string, at: SourceRange, depth: number) => Step[];

export function parseSelect(ctx: TaskContext, value: Node | null, head: Entry, out: Step[], depth: number,
  parseSteps: ParseSteps): void {
  const { src, objects } = ctx.scope;
  const items = seqItems(src, value, '`select`', head.valueAt);
  if (!items) return;
  const cases: SelectCase[] = [];
  const bodies: Step[][] = [];
  let defaultBody: Step[] | undefined;
  let ok = true;
  for (const item of items) {
    const itemAt = src.range(item, head.valueAt);
    const entries = mapEntries(src, item, 'a `select` case', itemAt);
    if (!entries) {
      ok = false;
      continue;
    }
    const caseHead = entries.find((e) => e.key === 'recv' || e.key === 'send' || e.key === 'default');
    if (!caseHead) {
      const first = entries[0];
      src.error(first ? first.keyAt : itemAt, 'a `select` case must start with `recv`, `send` or `default`',
        first ? suggestion(first.key, ['recv', 'send', 'default']) : 'write e.g. `- recv: ch` with `do: [steps]`');
      ok = false;
      continue;
    }
    const rest = entries.filter((e) => e !== caseHead);
    if (caseHead.key === 'default') {
      checkKeys(src, rest, [], 'a `default` case');
      if (defaultBody) {
        src.error(caseHead.keyAt, 'a `select` has at most one `default` case', 'merge the two default cases');
        ok = false;
      }
      defaultBody = parseSteps(ctx, caseHead.value, '`default`', caseHead.keyAt, depth + 1);
      continue;
    }
    const fields = checkKeys(src, rest, caseHead.key === 'send' ? ['value', 'do'] : ['do'], `a \`${caseHead.key}\` case`);
    const chName = readString(src, caseHead.value, `the channel of \`${caseHead.key}\``, caseHead.keyAt);
    const ch = chName === undefined ? undefined : objects.get(chName);
    if (chName !== undefined && (!ch || ch.kind !== 'channel')) {
      const channels = [...objects.values()].filter((d) => d.kind === 'channel').map((d) => d.name);
      src.error(caseHead.valueAt, ch ? `\`${chName}\` is a ${ch.kind}, not a channel` : `unknown channel \`${chName}\``,
        suggestion(chName, channels, 'the channels are'));
    }
    const valueEntry = fields.find((f) => f.key === 'value');
    const sent = valueEntry ? readScalar(src, valueEntry.value, 'the value sent', valueEntry.keyAt) : { ok: true, value: undefined };
    const doEntry = fields.find((f) => f.key === 'do');
    const body = doEntry ? parseSteps(ctx, doEntry.value, `the \`${caseHead.key}\` case`, doEntry.keyAt, depth + 1) : [];
    if (!ch || ch.kind !== 'channel' || !sent.ok) {
      ok = false;
      continue;
    }
    const kind = caseHead.key as 'recv' | 'send';
    cases.push(kind === 'send' && sent.value !== undefined ? { kind, obj: ch.id, value: sent.value } : { kind, obj: ch.id });
    bodies.push(body);
  }
  if (ok) out.push({ kind: 'select', cases, bodies, ...(defaultBody ? { defaultBody } : {}), at: head.keyAt });
}
