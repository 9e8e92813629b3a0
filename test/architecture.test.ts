// The layering of src/, checked on every import (static, `export … from`, dynamic `import()`, and `?modulePath`
// entries). Folders are named by where their code runs:
//   core      the numeric core: plain ECMAScript, no platform
//   shared    contracts between processes
//   node      host code under Node without Electron (services, trainer, export, scripts, IPC handlers)
//   main      the Electron glue
//   preload   window.api
//   renderer  the Vue app
//   cli       the rnnwb command
// Besides the table: every other layer reaches the core only through an index (core/index, core/nettalk/index),
// and there is no import cycle anywhere in src/.
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { dirname, join, relative, resolve } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import { tiersOf } from './tiers.js'

const SRC = resolve(import.meta.dirname, '../src')

const LAYERS = ['core', 'shared', 'node', 'main', 'preload', 'renderer', 'cli'] as const
type Layer = (typeof LAYERS)[number]

/** Which layers each layer may import from. */
export const MAY_IMPORT: Record<Layer, Layer[]> = {
  core: ['core'],
  shared: ['core', 'shared'],
  node: ['core', 'shared', 'node'],
  main: ['core', 'shared', 'node', 'main'],
  preload: ['shared', 'preload'],
  renderer: ['core', 'shared', 'renderer'],
  cli: ['core', 'shared', 'node', 'cli'],
}

/** Which packages (not files of src/) each layer may import. `node:` means Node's built-in modules. */
export const MAY_USE: Record<Layer, RegExp[]> = {
  core: [],
  shared: [/^zod$/],
  node: [/^node:/, /^zod$/, /^fflate$/, /^protobufjs$/, /^sucrase$/, /^quickjs-emscripten-core$/, /^@jitl\/quickjs-/, /^espeak-ng$/],
  main: [/^node:/, /^electron$/],
  preload: [/^electron$/],
  renderer: [/^vue$/, /^pinia$/, /^echarts(\/|$)/, /^monaco-editor(\/|$)/, /^marked$/, /^katex(\/|$)/, /^vue-i18n$/],
  cli: [/^node:/],
}

/** The files of the core that other layers may import. */
const CORE_ENTRIES = ['core/index.ts', 'core/nettalk/index.ts']

interface Edge {
  from: string // path under src/
  to: string // path under src/, or the package name
  internal: boolean
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return sourceFiles(path)
    return /\.(ts|vue)$/.test(name) && !name.endsWith('.d.ts') ? [path] : []
  })
}

/** The script blocks of a .vue file, or the whole text of a .ts file. */
function scriptText(path: string, text: string): string {
  if (!path.endsWith('.vue')) return text
  return [...text.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]).join('\n')
}

/** A relative specifier resolved to a file under src/ (TypeScript's rules: .js written for .ts, index files). */
function resolveFile(fromFile: string, specifier: string): string {
  const bare = resolve(dirname(fromFile), specifier.replace(/\?.*$/, ''))
  const candidates = [bare, bare.replace(/\.js$/, '.ts'), `${bare}.ts`, `${bare}.vue`, join(bare, 'index.ts')]
  const found = candidates.find((c) => existsSync(c) && statSync(c).isFile())
  if (!found) throw new Error(`${relative(SRC, fromFile)}: cannot resolve '${specifier}'`)
  return relative(SRC, found)
}

export function importEdges(files: string[]): Edge[] {
  return files.flatMap((file) => {
    const info = ts.preProcessFile(scriptText(file, readFileSync(file, 'utf8')), true, true)
    // Markdown imported as text (`?raw`: the renderer's bundled help documents) is data, not code in a layer
    const code = info.importedFiles.filter(({ fileName }) => !/\.md\?raw$/.test(fileName))
    return code.map(({ fileName }): Edge => {
      const internal = fileName.startsWith('.')
      return { from: relative(SRC, file), to: internal ? resolveFile(file, fileName) : fileName, internal }
    })
  })
}

const layerOf = (path: string): Layer => {
  const top = path.split('/')[0] as Layer
  if (!LAYERS.includes(top)) throw new Error(`src/${path} is in no layer (${LAYERS.join(', ')})`)
  return top
}

/** Every rule broken by these edges, one line each. */
export function layerViolations(edges: Edge[]): string[] {
  const problems: string[] = []
  for (const { from, to, internal } of edges) {
    const layer = layerOf(from)
    if (internal) {
      const target = layerOf(to)
      if (!MAY_IMPORT[layer].includes(target)) problems.push(`${from} imports ${to}: ${layer} may not import ${target}`)
      else if (target === 'core' && layer !== 'core' && !CORE_ENTRIES.includes(to)) problems.push(`${from} imports ${to}: outside the core, import ${CORE_ENTRIES.join(' or ')}`)
    } else {
      const name = builtinModules.includes(to) ? `node:${to}` : to
      if (!MAY_USE[layer].some((allowed) => allowed.test(name))) problems.push(`${from} imports the package '${to}', which ${layer} may not use`)
    }
  }
  return problems
}

/** Every import cycle among these edges, as the files around it (each cycle once). */
export function importCycles(edges: Edge[]): string[][] {
  const next = new Map<string, string[]>()
  for (const e of edges.filter((e) => e.internal)) next.set(e.from, [...(next.get(e.from) ?? []), e.to])
  const cycles: string[][] = []
  const state = new Map<string, 'active' | 'done'>()
  const stack: string[] = []
  const visit = (file: string) => {
    state.set(file, 'active')
    stack.push(file)
    for (const to of next.get(file) ?? []) {
      if (state.get(to) === 'active') cycles.push(stack.slice(stack.indexOf(to)))
      else if (!state.has(to)) visit(to)
    }
    stack.pop()
    state.set(file, 'done')
  }
  for (const file of [...next.keys()].sort()) if (!state.has(file)) visit(file)
  return cycles
}

describe('layers of src/', () => {
  const edges = importEdges(sourceFiles(SRC))

  it('reads the imports of every layer', () => {
    const layers = new Set(edges.map((e) => layerOf(e.from)))
    expect([...layers].sort()).toEqual([...LAYERS].sort())
    // a dynamic import and a ?modulePath entry are imports too
    expect(edges).toContainEqual({ from: 'main/electron-launcher.ts', to: 'node/trainer/trainer.ts', internal: true })
  })

  it('imports only what the layer table allows', () => {
    expect(layerViolations(edges)).toEqual([])
  })

  it('has no import cycles', () => {
    expect(importCycles(edges).map((c) => c.join(' → '))).toEqual([])
  })

  it('catches a wrong import, a package out of place, a deep core import and a cycle', () => {
    const bad: Edge[] = [
      { from: 'core/network.ts', to: 'shared/ipc.ts', internal: true },
      { from: 'renderer/App.vue', to: 'node/handlers.ts', internal: true },
      { from: 'shared/ipc.ts', to: 'electron', internal: false },
      { from: 'core/rng.ts', to: 'fs', internal: false },
      { from: 'cli/main.ts', to: 'core/network.ts', internal: true },
      { from: 'node/a.ts', to: 'node/b.ts', internal: true },
      { from: 'node/b.ts', to: 'node/a.ts', internal: true },
    ]
    expect(layerViolations(bad)).toHaveLength(5)
    expect(importCycles(bad)).toEqual([['node/a.ts', 'node/b.ts']])
  })
})

describe('test tiers', () => {
  const ROOT = resolve(import.meta.dirname, '..')
  const testFiles = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name)
      if (statSync(path).isDirectory()) return testFiles(path)
      return name.endsWith('.test.ts') ? [relative(ROOT, path)] : []
    })

  it('puts every test file in exactly one tier', () => {
    const misplaced = testFiles(join(ROOT, 'test'))
      .map((file) => ({ file, tiers: tiersOf(file) }))
      .filter((f) => f.tiers.length !== 1)
    expect(misplaced).toEqual([])
  })

  it('reads the tier globs as vitest does', () => {
    expect(tiersOf('test/core/nettalk/codec.test.ts')).toEqual(['fast'])
    expect(tiersOf('test/core/nettalk/learning.test.ts')).toEqual(['slow'])
    expect(tiersOf('test/docs.test.ts')).toEqual(['fast'])
    expect(tiersOf('test/node/services/training.test.ts')).toEqual(['slow'])
    expect(tiersOf('test/elsewhere/x.test.ts')).toEqual([])
  })
})
