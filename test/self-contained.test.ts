// The repository needs nothing beside it (issue 12): no source, test, script, document or configuration
// names a folder outside the checkout (a sibling "shared" folder of notes and data, an absolute path of one
// machine), so `npm install && npm test` passes in a clone that has nothing next to it. A relative path that
// stays inside (src/node's imports of src/shared) is fine: every "<dots>/shared…" path found is resolved from
// its file's folder and must name something in the repository.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, extname, join, relative, resolve, sep } from 'node:path'
import { describe, expect, it } from 'vitest'

const REPO = resolve(import.meta.dirname, '..')
/** Not the project's own text: installed or built output, and data files. */
const SKIP_DIRS = new Set(['node_modules', 'out', 'dist', 'test-output', '.git'])
const SKIP_FILES = new Set(['package-lock.json'])
const SKIP_EXTENSIONS = new Set(['.png', '.data', '.list', '.npz', '.onnx'])

function projectFiles(dir: string, into: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIP_DIRS.has(entry.name)) continue
    const path = join(dir, entry.name)
    if (entry.isDirectory()) projectFiles(path, into)
    else if (!SKIP_FILES.has(entry.name) && !SKIP_EXTENSIONS.has(extname(entry.name))) into.push(path)
  }
  return into
}

/** Whether a relative path written in `file` names something inside the repository (a module without its
 *  extension, or a .js import of a .ts file, included). */
function namesSomethingInside(file: string, written: string): boolean {
  const target = resolve(dirname(file), written)
  if (target !== REPO && !target.startsWith(REPO + sep)) return false
  return [target, `${target}.ts`, target.replace(/\.js$/, '.ts'), `${target}.vue`].some((p) => existsSync(p))
}

/** The places in a text that reach outside the repository, as "line N: …". */
function outsideReferences(file: string, text: string): string[] {
  const found: string[] = []
  text.split('\n').forEach((line, i) => {
    const say = (what: string) => found.push(`line ${i + 1}: ${what}`)
    for (const m of line.matchAll(/(?:\.\.[/\\])+shared\b[\w./\\-]*/g)) if (!namesSomethingInside(file, m[0])) say(m[0])
    for (const m of line.matchAll(/['"]\.\.['"]\s*,\s*['"]shared['"]/g)) say(m[0]) // path.join(…, dots, 'shared')
    for (const m of line.matchAll(/\/work\/[\w.-]+/g)) say(m[0])
  })
  return found
}

describe('the repository is self-contained', () => {
  it('finds references outside the checkout, and lets imports of src/shared be', () => {
    const node = join(REPO, 'src/node/handlers.ts')
    const up = ['..', '..'].join('/')
    expect(outsideReferences(node, `import x from '${up.slice(3)}/shared/ipc.js'`)).toEqual([])
    expect(outsideReferences(join(REPO, 'src/renderer/stores/project.ts'), `from '${up}/shared/blank-project'`)).toEqual([])
    expect(outsideReferences(join(REPO, 'docs/nettalk.md'), `see ${up.slice(3)}/shared/data/nettalk`)).toEqual([`line 1: ${up.slice(3)}/shared/data/nettalk`])
    expect(outsideReferences(join(REPO, 'test/helpers/x.ts'), `join(here, '${up}/${up.slice(3)}/shared/data')`)).toHaveLength(1)
    expect(outsideReferences(join(REPO, 'scripts/x.ts'), `path.join(REPO, '${'..'}', 'shared', 'data')`)).toHaveLength(1)
    expect(outsideReferences(join(REPO, 'README.md'), `a\n(${['', 'work', 'shared', 'docs'].join('/')})`)).toEqual([`line 2: ${['', 'work', 'shared'].join('/')}`])
  })

  it('no source, test, script, document or configuration refers to anything outside the repository', () => {
    const files = projectFiles(REPO)
    expect(files.map((f) => relative(REPO, f))).toEqual(expect.arrayContaining(['README.md', 'package.json', 'src/node/handlers.ts', 'docs/nettalk.md', 'scripts/nettalk-reproduce.ts', 'resources/nettalk/README.md']))
    const offending = files
      .map((file) => ({ file: relative(REPO, file).split(sep).join('/'), refs: outsideReferences(file, readFileSync(file, 'utf8')) }))
      .filter((f) => f.refs.length > 0)
    expect(offending).toEqual([])
  })
})
