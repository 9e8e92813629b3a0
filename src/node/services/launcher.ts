/**
 * The launcher interface: how a training host starts a trainer process, independent of the runtime.
 * The app uses Electron's utilityProcess (src/main/electron-launcher.ts); tests and the CLI use Node's
 * child_process (`nodeTrainerLauncher` below). Both start the same entry file, src/node/trainer/trainer.ts
 * (built: out/main/chunks/trainer.js for the app, out/cli/trainer.js for the CLI).
 */
import { fork } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { HostToTrainer, TrainerToHost } from '../../shared/trainer-protocol.js'

export interface TrainerExit {
  code: number | null
  signal: NodeJS.Signals | null
  /** Why the process could not be started, when it could not. */
  error?: string
}

/** One running trainer process. */
export interface TrainerProcess {
  readonly pid: number | undefined
  send(message: HostToTrainer): void
  onMessage(listener: (message: TrainerToHost) => void): void
  onExit(listener: (exit: TrainerExit) => void): void
  kill(): void
}

export type TrainerLauncher = () => TrainerProcess

/** The trainer entry as TypeScript source; run through tsx by the Node launcher. */
export const TRAINER_SOURCE = fileURLToPath(new URL('../trainer/trainer.ts', import.meta.url))

/**
 * The default entry: the source when this module runs from the sources (tests, the CLI's fallback through tsx),
 * else trainer.js beside it (the built CLI: cli.vite.config.ts puts every file of out/cli in one folder).
 */
function defaultEntry(): string {
  // the path, not the URL: tsx's tsImport adds a query (?tsx-namespace=…) to the modules it loads
  return new URL(import.meta.url).pathname.endsWith('.ts') ? TRAINER_SOURCE : fileURLToPath(new URL('./trainer.js', import.meta.url))
}

/** tsx's ESM loader (its package entry), for running the TypeScript source; resolved only then (the built CLI has no tsx). */
const tsxLoader = (): string => pathToFileURL(createRequire(import.meta.url).resolve('tsx/package.json').replace(/package\.json$/, 'dist/loader.mjs')).href

/** Starts the trainer with child_process.fork (structured-clone IPC, so typed arrays cross as they are). */
export function nodeTrainerLauncher(entry: string = defaultEntry()): TrainerLauncher {
  if (!existsSync(entry)) throw new Error(`trainer entry not found: ${entry}`)
  const execArgv = entry.endsWith('.ts') ? ['--import', tsxLoader()] : []
  return () => {
    const child = fork(entry, [], {
      serialization: 'advanced',
      // tsx by absolute URL: `--import tsx` would be resolved from the caller's working directory
      execArgv,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    })
    // a trainer that dies must not take the host down: write errors (EPIPE) are left to the 'exit' that follows
    child.on('error', () => {})
    return {
      pid: child.pid,
      send: (message) => {
        if (child.connected) child.send(message, () => {})
      },
      onMessage: (listener) => child.on('message', (m) => listener(m as TrainerToHost)),
      onExit: (listener) => {
        child.on('exit', (code, signal) => listener({ code, signal }))
        // a process that never started has no 'exit'
        child.on('error', (e) => child.pid === undefined && listener({ code: null, signal: null, error: e.message }))
      },
      kill: () => child.kill('SIGKILL'),
    }
  }
}
