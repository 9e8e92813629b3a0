// Before any test: build main, preload, trainer, renderer and the CLI (electron-vite build; out/cli comes with the
// main build, see cli.vite.config.ts), so the browser, built-trainer and CLI tests always run what the sources say.
import { build } from 'electron-vite'

export default async function setup(): Promise<void> {
  await build({ logLevel: 'warn' })
}
