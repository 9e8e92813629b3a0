/**
 * Project files handed to the app from outside: on the command line (`rnn-workbench model.rnn.json`, which is
 * also how Windows and Linux open an associated file), by a second launch (the single-instance lock passes its
 * argv to the running app), or by macOS's open-file event. Electron-free: main and the test harness use the
 * same functions.
 */
import { statSync } from 'node:fs'
import { isAbsolute, resolve } from 'node:path'
import { PROJECT_EXTENSION } from '../shared/project-constants.js'
import type { EventQueue } from './events.js'

export interface ArgvOptions {
  /** process.defaultApp: started as `electron <app path> …` (development), so argv[1] is the app, not a file. */
  defaultApp: boolean
  /** The folder relative paths start at (the launching process's working directory). */
  cwd: string
  /** Whether a path is an existing regular file (default: asks the file system). */
  isFile?: (path: string) => boolean
}

const isRegularFile = (path: string) => {
  try {
    return statSync(path).isFile()
  } catch {
    return false
  }
}

/**
 * The project file named in a launch's argv, as an absolute path, or null. Skips the executable (and the app
 * path in development), switches (`--flag`, `--flag=value`, Chromium's and Electron's own, macOS's `-psn_…`)
 * and anything that is not a `*.rnn.json` name or an existing file (such as `.`); the first that is left wins.
 */
export function projectPathFromArgv(argv: readonly string[], options: ArgvOptions): string | null {
  const isFile = options.isFile ?? isRegularFile
  for (const arg of argv.slice(options.defaultApp ? 2 : 1)) {
    if (arg === '' || arg.startsWith('-')) continue
    const path = isAbsolute(arg) ? arg : resolve(options.cwd, arg)
    if (arg.toLowerCase().endsWith(PROJECT_EXTENSION) || isFile(path)) return path
  }
  return null
}

/**
 * Files offered to the window: each is announced with an app:open-file event (queued until the window is
 * ready), and only these may be opened through projects:open-offered (the window cannot name other paths).
 */
export class OfferedFiles {
  private readonly offered = new Set<string>()

  constructor(private readonly events: EventQueue) {}

  offer(path: string): void {
    this.offered.add(path)
    this.events.emit('app:open-file', { path })
  }

  has(path: string): boolean {
    return this.offered.has(path)
  }
}
