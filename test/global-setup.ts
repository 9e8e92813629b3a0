// Before any test: build main, preload, trainer, renderer and the CLI (electron-vite build; out/cli comes with the
// main build, see cli.vite.config.ts), so the browser, built-trainer and CLI tests always run what the sources say;
// and bundle the preload for the browser tests once for all their files (test/harness/harness.ts).
import { build } from 'electron-vite'
import type { TestProject } from 'vitest/node'
import { bundlePreloadForBrowser } from './harness/preload-bundle.js'

export default async function setup(project: TestProject): Promise<void> {
  await build({ logLevel: 'warn' })
  project.provide('preloadForBrowser', await bundlePreloadForBrowser())
}
