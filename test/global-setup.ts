// Before any test: build main, preload, trainer, renderer and the CLI (electron-vite build; out/cli comes with the
// main build, see cli.vite.config.ts), so the browser, built-trainer and CLI tests always run what the sources say;
// and bundle the preload for the browser tests once for all their files (test/harness/harness.ts).
// The build is skipped when out/ is what this setup built from the sources as they are now (as `npm run build:wasm`
// skips when its inputs' hash matches): out/.test-build.json records a sha256 of every file the build reads (src/,
// docs/ and README.md, which the help window embeds, the build configs, package.json and package-lock.json) and the
// size and mtime of every file the build wrote. Any change to either (an edit, `npm run build` or `npm run dev`
// writing out/ themselves, a file deleted) builds again. RNNWB_TEST_BUILD=always builds regardless.
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { build } from 'electron-vite'
import type { TestProject } from 'vitest/node'
import { bundlePreloadForBrowser } from './harness/preload-bundle.js'

const root = join(import.meta.dirname, '..')
const out = join(root, 'out')
const stampFile = join(out, '.test-build.json')
const INPUTS = ['src', 'docs', 'README.md', 'electron.vite.config.ts', 'cli.vite.config.ts', 'package.json', 'package-lock.json', 'tsconfig.base.json', 'tsconfig.node.json', 'tsconfig.web.json']

/** Every file under `path` (or `path` itself when it is a file), relative to the checkout, sorted. */
function filesUnder(path: string): string[] {
  const full = join(root, path)
  if (!existsSync(full)) return []
  if (!statSync(full).isDirectory()) return [path]
  return readdirSync(full, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(root, join(e.parentPath, e.name)))
    .sort()
}

/** sha256 over the names and contents of the build's inputs. */
function inputsHash(): string {
  const hash = createHash('sha256')
  for (const file of INPUTS.flatMap(filesUnder)) hash.update(file).update('\0').update(readFileSync(join(root, file))).update('\0')
  return hash.digest('hex')
}

/** What out/ holds now: each file's path, size and mtime (the stamp itself left out). */
function outputsListing(): string[] {
  return filesUnder('out')
    .filter((file) => join(root, file) !== stampFile)
    .map((file) => {
      const s = statSync(join(root, file))
      return `${file} ${s.size} ${s.mtimeMs}`
    })
}

function stampIsCurrent(inputs: string): boolean {
  try {
    const stamp = JSON.parse(readFileSync(stampFile, 'utf8')) as { inputs: string; outputs: string[] }
    return stamp.inputs === inputs && JSON.stringify(stamp.outputs) === JSON.stringify(outputsListing())
  } catch {
    return false
  }
}

export default async function setup(project: TestProject): Promise<void> {
  const inputs = inputsHash()
  if (process.env.RNNWB_TEST_BUILD !== 'always' && stampIsCurrent(inputs)) {
    console.log('out/ is current (built by the test setup from these sources; RNNWB_TEST_BUILD=always builds anyway)')
  } else {
    rmSync(stampFile, { force: true }) // a build that fails half-way leaves no stamp
    await build({ logLevel: 'warn' })
    writeFileSync(stampFile, JSON.stringify({ inputs, outputs: outputsListing() }))
  }
  project.provide('preloadForBrowser', await bundlePreloadForBrowser())
}
