// Runs the rnnwb command two ways. runCli: as users run it, the built CLI (out/cli/rnnwb.js, made by the test
// setup's build; what bin/rnnwb.js and the installed app's launchers run) under plain node in a child process, in
// the folder `cwd`. runInProcess: the same build's run() (the out/cli chunk rnnwb.js imports, src/cli/main.ts built)
// in this process, its output captured: the same code on the same built trainer and data-script worker (they sit
// beside it in out/cli), without starting Node and loading the CLI once per command, which is most of a short
// command's time on a busy machine. A file keeps runCli for what only a process shows (argv, the exit status,
// signals) and uses runInProcess for the rest.
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import type { Io } from '../../src/cli/main.js'

export const bin = join(import.meta.dirname, '../../out/cli/rnnwb.js')

export interface CliResult {
  code: number
  stdout: string
  stderr: string
}

export async function runCli(cwd: string, ...args: string[]): Promise<CliResult> {
  return runCliWith({ cwd }, ...args)
}

/** runCli with more of the child's environment (added to this process's). */
export async function runCliWith(opts: { cwd: string; env?: Record<string, string> }, ...args: string[]): Promise<CliResult> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [bin, ...args], { cwd: opts.cwd, env: { ...process.env, ...opts.env } })
    return { code: 0, stdout, stderr }
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string }
    return { code: err.code, stdout: err.stdout, stderr: err.stderr }
  }
}

type Run = (argv: string[], io: Io) => Promise<number>
let loaded: Promise<Run> | null = null

/** The built CLI's run(): the chunk out/cli/rnnwb.js imports (its name carries a content hash). */
function builtRun(): Promise<Run> {
  loaded ??= (async () => {
    const chunk = /import\(["']\.\/(main-[\w-]+\.js)["']\)/.exec(readFileSync(bin, 'utf8'))?.[1]
    if (!chunk) throw new Error(`${bin} imports no main-*.js chunk: has cli.vite.config.ts changed?`)
    return ((await import(/* @vite-ignore */ pathToFileURL(join(bin, '..', chunk)).href)) as { run: Run }).run
  })()
  return loaded
}

/**
 * The built run(args) in this process, stdout and stderr captured, its return value as the exit code. `env` is set in
 * process.env for the call and restored after it (the commands read RNNWB_KERNELS when they start): a test file's
 * tests run one at a time, so no other call sees it. Paths in `args` should be absolute (the process's folder is
 * the test run's).
 */
export async function runInProcess(args: string[], opts: { env?: Record<string, string>; errIsTty?: boolean } = {}): Promise<CliResult> {
  const env = opts.env ?? {}
  const run = await builtRun()
  let stdout = ''
  let stderr = ''
  const saved = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]))
  Object.assign(process.env, env)
  try {
    const code = await run(args, { out: (t) => (stdout += t), err: (t) => (stderr += t), errIsTty: opts.errIsTty ?? false })
    return { code, stdout, stderr }
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name]
      else process.env[name] = value
    }
  }
}
