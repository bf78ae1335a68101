/** One English sentence per trace event: the panel's "Why?" and the debugger's hover. */
import { formatNs } from '../engine/ops';
import type { RunTrace } from '../engine/simulation';
import { WAIT_NAMES } from '../engine/task';
import {
  E_BLOCK, E_EXIT, E_NOTE, E_OP, E_RUN, E_SPAWN, E_STOP, E_SWITCH, E_WAKE, WHY_CREATED, WHY_RUNTIME, WHY_SLICE,
  WHY_TIMER, WHY_WAKE_PREEMPT, WHY_YIELD,
} from './events';

export function describe(trace: RunTrace, i: number): string {
  const log = trace.log;
  const label = (task: number) => (task >= 0 ? trace.taskLabels[task] ?? `task ${task}` : 'the runtime');
  const t = label(log.task[i]);
  const hw = log.hw[i];
  const arg = log.arg[i];
  const obj = log.objectAt(i);
  const at = log.locationAt(i);
  // The file's own name, as people say it: the panel shows the whole path elsewhere.
  const where = at ? ` at ${at.file.split(/[\\/]/).pop()}:${at.line}` : '';
  switch (log.kind[i]) {
    case E_SPAWN:
      return arg >= 0 ? `${t} (${trace.taskNames[log.task[i]]}) was created by ${label(arg)}${where}` : `${t} (main) started`;
    case E_RUN:
      return `${t} started running on hardware thread ${hw}`;
    case E_SWITCH:
      return `Hardware thread ${hw} switched to ${t}: the OS policy picked it (a context switch, ${arg} other threads still waiting)`;
    case E_STOP:
      switch (log.reason[i]) {
        case WHY_SLICE: return `${t} was preempted after its ${formatNs(arg)} time slice, because another thread was waiting`;
        case WHY_WAKE_PREEMPT: return `${t} was preempted by ${label(arg)}, which woke with a higher priority`;
        case WHY_YIELD: return `${t} yielded the processor${where}`;
        case WHY_RUNTIME: return `The runtime preempted ${t}${where}`;
        default: return `${t} stopped running`;
      }
    case E_BLOCK: {
      const kind = WAIT_NAMES[arg] ?? 'sync';
      if (kind === 'io' || kind === 'sleep' || kind === 'syscall') return `${t} blocked in ${obj ?? kind}${where}`;
      return `${t} blocked waiting on ${obj ?? kind}${where}`;
    }
    case E_WAKE:
      if (log.reason[i] === WHY_TIMER) return `${t} became runnable: its wait ended`;
      if (log.reason[i] === WHY_CREATED) return `${t}'s kernel thread was created (${formatNs(arg)}) and became runnable`;
      return `${t} was woken by ${label(arg)}`;
    case E_EXIT:
      return arg === 1 ? `${t} panicked and ended${where}` : `${t} finished`;
    case E_OP:
      if (obj?.startsWith('make ')) return `${t} created \`${obj.slice(5)}\`${where}`;
      return `${t} executed \`${obj ?? 'an op'}\`${where}`;
    case E_NOTE:
      // A runtime's note that already names the task is not prefixed with it again ("G9: G9 was …").
      if (log.reason[i] === WHY_RUNTIME && obj != null && !obj.startsWith(`${t} `)) return `${t}: ${obj}`;
      return obj ?? '';
  }
  return `event ${i}`;
}
