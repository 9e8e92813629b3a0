/**
 * Where the files that ship with the app (the NETtalk corpus, the examples) are found when there is no
 * packaged app to say so: the `resources/` folder of the package this code belongs to. The CLI and the tests
 * use it; the app passes its own folder (process.resourcesPath when packaged, src/main/index.ts).
 *
 * The package root is found by walking up from this module's own folder to the package.json named
 * rnn-workbench, so the answer is the same whether this file runs from src/node (tsx) or bundled into out/.
 */
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const PACKAGE_NAME = 'rnn-workbench'

/** The folder holding this package's package.json, searched upwards from `from`. */
export function packageRoot(from: string = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json')
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === PACKAGE_NAME) return dir
      } catch {
        // not valid JSON: not ours, keep looking
      }
    }
    if (dirname(dir) === dir) throw new Error(`no package.json of ${PACKAGE_NAME} above ${from}`)
  }
}

/** The package's `resources/` folder (the repository's, or an npm install's). */
export function packageResourcesDir(from?: string): string {
  return join(packageRoot(from), 'resources')
}
