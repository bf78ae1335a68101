/** The `python` (threads under the GIL) and `processes` (multiprocessing) runtimes; registered in ../registry.ts. */
export { PythonRuntime, FREE_THREADED_OVERHEAD } from './python-runtime';
export { ProcessesRuntime, PROCESS_STARTUP_NS, PROCESS_SPAWN_PARENT_NS } from './processes-runtime';
export { Gil } from './gil';
