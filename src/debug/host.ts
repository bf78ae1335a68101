/**
 * The debug host: how a launch becomes a timeline. File access comes in through one
 * injected function, as in vscode-mock-debug, so tests and the worker share it.
 */
import { loadFile, programOf } from '../service/index';
import { timedTimeline, untimedTimeline } from './coreTimeline';
import type { DebugHost, LaunchArgs } from './session';
import type { DebugTimeline } from './timeline';

export function createDebugHost(readText: (file: string) => string): DebugHost {
  return {
    async open(args: LaunchArgs): Promise<DebugTimeline> {
      if (typeof args.program !== 'string' || args.program === '') {
        throw new Error('The launch configuration needs `program`: the scenario or .sim.ts file to step through.');
      }
      // An unreadable or foreign file, or one with input errors: every error, positioned.
      const program = programOf(loadFile(args.program, readText, args.test), args.program);
      // A schedule from `check`/`explore` is an untimed interleaving; one from `run` is timed.
      const mode = args.mode ?? (args.schedule ? 'untimed' : 'timed');
      const options = { mode, seed: args.seed, schedule: args.schedule, set: args.set, ...(typeof args.events === 'number' ? { events: args.events } : {}) };
      return (mode === 'untimed' ? untimedTimeline : timedTimeline)(program, options).timeline;
    },
  };
}
