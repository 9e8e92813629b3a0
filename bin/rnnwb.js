#!/usr/bin/env node
// The `rnnwb` command in a checkout (npx rnnwb, npm link). Runs the built CLI, out/cli/rnnwb.js (plain
// JavaScript, made by `npm run build`, `npm start`, `npm run dev` and `npm test`), when it is newer than every
// source file it is built from. Otherwise (a fresh clone, or sources edited since the last build) it runs the
// TypeScript sources through tsx: about a second slower to start, never stale. The check costs a few stats.
import { readdirSync, statSync } from 'node:fs'

const root = new URL('../', import.meta.url)
const built = new URL('out/cli/rnnwb.js', root)
const SOURCES = ['src/cli', 'src/node', 'src/shared', 'src/core', 'cli.vite.config.ts', 'package.json']

function mtime(url) {
  try {
    return statSync(url).mtimeMs
  } catch {
    return -1
  }
}

function newestSource() {
  let newest = 0
  for (const path of SOURCES) {
    const url = new URL(path, root)
    const files = path.includes('.') ? [''] : readdirSync(url, { recursive: true }).map((f) => `/${f}`)
    for (const file of files) newest = Math.max(newest, mtime(new URL(url.href + file)))
  }
  return newest
}

if (mtime(built) > newestSource()) {
  await import(built.href)
} else {
  const { tsImport } = await import('tsx/esm/api')
  await tsImport('../src/cli/rnnwb.ts', import.meta.url)
}
