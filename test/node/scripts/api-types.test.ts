// SCRIPT_API_DTS, the declarations scripts are written against (the editor loads them): scripts that use the
// API type-check, scripts that reach for the host or misuse the API do not, and the example script of
// docs/scripting.md both type-checks and runs. Also: a TypeScript script, once transpiled, runs as is.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import { runScript } from '../../../src/node/scripts/sandbox.js'
import { scriptTypeErrors } from '../../helpers/typecheck-script.js'

const typed = `export default function (h: ScriptHelpers): DataSet {
  const seqs: DataSequence[] = h.range(4).map(() => {
    const n = 3 + h.rng.int(4)
    const x = h.range(n).map(() => h.rng.bit(0.3))
    const noise = new Float64Array(n).map(() => h.rng.normal(0, 0.1))
    return {
      u: h.zip(x, [...noise]).map(([b, e]) => [...h.oneHot(b, 2), e]),
      z: h.windows(x, 2, 0).map(([a, b]) => (a === b ? [1] : null)),
    }
  })
  h.rng.shuffle(seqs)
  console.log(h.seed, h.rng.pick(seqs).u.length, h.rng.uniform(0, 1), h.rng.next(), Math.random(), Date.now())
  return { inputSize: 3, outputSize: 1, train: seqs.slice(1), validation: seqs.slice(0, 1) }
}
`

describe('SCRIPT_API_DTS', () => {
  it('declares the API: a script that uses all of it type-checks', () => {
    expect(scriptTypeErrors(typed)).toEqual([])
  })

  it('marks the host and misuse of the API as errors', () => {
    const cases: [string, RegExp][] = [
      [`fetch('https://example.com')`, /Cannot find name 'fetch'/],
      [`require('fs')`, /Cannot find name 'require'/],
      [`process.exit(1)`, /Cannot find name 'process'/],
      [`setTimeout(() => {}, 1)`, /Cannot find name 'setTimeout'/],
      [`window.api`, /Cannot find name 'window'/],
      [`export default (h: ScriptHelpers) => h.rng.gaussian()`, /Property 'gaussian' does not exist on type 'ScriptRng'/],
      [`export default (h: ScriptHelpers): DataSet => ({ inputSize: 1, outputSize: 1 })`, /Property 'train' is missing/],
      [`export default (h: ScriptHelpers): DataSet => ({ inputSize: 1, outputSize: 1, train: [{ u: [['1']], z: [null] }] })`, /Type 'string' is not assignable to type 'number'/],
    ]
    for (const [source, error] of cases) expect(scriptTypeErrors(source).join('\n'), source).toMatch(error)
  })

  it('a TypeScript script runs as written, with the same result as TypeScript’s own transpiler gives', async () => {
    const r = await runScript(typed, { seed: 4 })
    expect(r.ok, r.ok ? '' : r.error.message).toBe(true)
    if (!r.ok) return
    expect(r.data.train).toHaveLength(3)
    expect(r.data.validation).toHaveLength(1)
    expect(r.notes.at(-1)).toMatch(/^console: 4 \d+ 0\.\d+ 0\.\d+ 0\.\d+ 0$/)
    const js = ts.transpileModule(typed, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } }).outputText
    expect(await runScript(js, { seed: 4 })).toEqual(r)
  })
})

describe('the example script of docs/scripting.md', () => {
  const doc = readFileSync(join(import.meta.dirname, '../../../docs/scripting.md'), 'utf8')
  const lines = doc.split('\n')
  const start = lines.findIndex((l, i) => l.trim() === '```js' && /complete example script/i.test(lines.slice(0, i).filter((x) => x.trim()).at(-1) ?? ''))
  const end = lines.findIndex((l, i) => i > start && l.trim() === '```')
  const example = lines.slice(start + 1, end).join('\n')

  it('is there', () => {
    expect(start).toBeGreaterThan(0)
    expect(example).toMatch(/export default function/)
  })

  it('type-checks against the declarations (as JavaScript with JSDoc)', () => {
    expect(scriptTypeErrors(example, '/example.js')).toEqual([])
  })

  it('runs and gives a checked data set', async () => {
    const r = await runScript(example, { seed: 1 })
    expect(r.ok, r.ok ? '' : r.error.message).toBe(true)
    if (!r.ok) return
    expect(r.data.train).toHaveLength(32)
    expect(r.data.validation).toHaveLength(8)
    expect(r.data.train[0].z.slice(0, 3)).toEqual([null, null, r.data.train[0].u[0]])
    expect(r.notes).toEqual(['console: delay 2'])
  })
})
