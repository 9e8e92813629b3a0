// Runs the rnnwb command as users run it: the built CLI (out/cli/rnnwb.js, made by the test setup's build; what
// bin/rnnwb.js and the installed app's launchers run) under plain node in a child process, in the folder `cwd`.
import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'

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
