// Before any test: build main, preload, trainer and renderer (electron-vite build, about a second), so the
// browser tests and the built-trainer test always run what the sources say.
import { build } from 'electron-vite'

export default async function setup(): Promise<void> {
  await build({ logLevel: 'warn' })
}
