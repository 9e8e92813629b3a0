/**
 * The `rnnwb` process: argv, stdout/stderr and the exit code around run() (main.ts). Built to out/cli/rnnwb.js
 * (cli.vite.config.ts), which runs under plain Node: bin/rnnwb.js in a checkout, the launchers in
 * resources/bin inside an installed app (docs/packaging.md).
 *
 * `--version` is answered here, before main.ts and the packages it imports load: it is what scripts and
 * launchers call to see that rnnwb works, so it should cost no more than starting Node.
 */
import { readFileSync } from 'node:fs'

/** The version, set by the build (cli.vite.config.ts `define`): the installed CLI has no package.json beside it. */
declare const RNNWB_BUILD_VERSION: string | undefined

const args = process.argv.slice(2)
if (args.length === 1 && (args[0] === '--version' || args[0] === '-v')) {
  // from the sources: package.json two folders up (src/cli → the checkout)
  const version = typeof RNNWB_BUILD_VERSION === 'string' ? RNNWB_BUILD_VERSION : (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version
  process.stdout.write(`${version}\n`)
} else {
  const { run } = await import('./main.js')
  try {
    process.exitCode = await run(args, {
      out: (text) => process.stdout.write(text),
      err: (text) => process.stderr.write(text),
      errIsTty: process.stderr.isTTY === true,
    })
  } catch (e) {
    process.stderr.write(`rnnwb: internal error: ${e instanceof Error ? e.stack : String(e)}\n`)
    process.exitCode = 1
  }
}
