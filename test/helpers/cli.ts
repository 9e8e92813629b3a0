// Runs the rnnwb command as users run it: node bin/rnnwb.js in a child process, in the folder `cwd`.
import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'

export const bin = join(import.meta.dirname, '../../bin/rnnwb.js')

export interface CliResult {
  code: number
  stdout: string
  stderr: string
}

export async function runCli(cwd: string, ...args: string[]): Promise<CliResult> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [bin, ...args], { cwd })
    return { code: 0, stdout, stderr }
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string }
    return { code: err.code, stdout: err.stdout, stderr: err.stderr }
  }
}
