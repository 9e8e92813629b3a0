// The real preload (src/preload/index.ts) as a script for a browser page: bundled by vite with 'electron' replaced
// by electron-shim.ts. test/global-setup.ts bundles it once per run; harness.ts installs it in the page.
import { join } from 'node:path'

const root = join(import.meta.dirname, '../..')

/** The real preload, bundled for a browser page with 'electron' replaced by electron-shim.ts. */
export async function bundlePreloadForBrowser(): Promise<string> {
  const { build } = await import('vite')
  const result = await build({
    configFile: false,
    logLevel: 'warn',
    resolve: { alias: { electron: join(import.meta.dirname, 'electron-shim.ts') } },
    build: { write: false, minify: false, lib: { entry: join(root, 'src/preload/index.ts'), formats: ['iife'], name: 'rnnwbPreload' } },
  })
  const output = (Array.isArray(result) ? result[0] : result) as { output: { code?: string }[] }
  return output.output[0].code!
}
