#!/usr/bin/env node
// The `rnnwb` command: runs src/cli/main.ts through tsx, so the installed command and the sources never drift.
import { tsImport } from 'tsx/esm/api'

const { run } = await tsImport('../src/cli/main.ts', import.meta.url)
try {
  process.exitCode = await run(process.argv.slice(2), {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    errIsTty: process.stderr.isTTY === true,
  })
} catch (e) {
  process.stderr.write(`rnnwb: internal error: ${e instanceof Error ? e.stack : String(e)}\n`)
  process.exitCode = 1
}
