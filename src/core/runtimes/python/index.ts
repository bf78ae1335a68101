/** The `python` (threads under the GIL) and `processes` (multiprocessing) runtimes; their descriptors are listed in ../registry.ts. */
export { PythonRuntime, FREE_THREADED_OVERHEAD, type PythonState } from './python-runtime';
export { ProcessesRuntime, PROCESS_STARTUP_NS, PROCESS_FORK_STARTUP_NS, PROCESS_SPAWN_PARENT_NS, type ProcessesState } from './processes-runtime';
export { Gil, type GilState } from './gil';
export { processesRuntime, pythonRuntime } from './descriptor';
