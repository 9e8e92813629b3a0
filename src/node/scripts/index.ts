/** Data scripts: the sandbox (runScript, on the calling thread) and runScriptInWorker (off it, as the app and CLI use it). */
export { runScript, SCRIPT_FILENAME } from './sandbox.js'
export { runScriptInWorker, DEFAULT_GRACE_MS, type WorkerRunOptions } from './run-in-worker.js'
