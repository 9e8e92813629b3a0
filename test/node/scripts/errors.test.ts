// What a user sees when a script is wrong: syntax and runtime errors with line and column, and a result that
// is checked before training, with messages naming the sequence and step (checkScriptResult).
import { describe, expect, it } from 'vitest'
import { runScript } from '../../../src/node/scripts/sandbox.js'
import { LIMITS } from '../../../src/shared/project-constants.js'
import { SCRIPT_VALUE_MARK, checkScriptResult } from '../../../src/shared/script-api.js'

async function failure(source: string) {
  const r = await runScript(source, { seed: 1 })
  if (r.ok) throw new Error('expected the script to fail')
  return r.error
}

describe('script errors carry line and column', () => {
  it('a syntax error', async () => {
    expect(await failure(`export default function (h) {\n  const x = 1\n  return x +* 2\n}`)).toEqual({
      kind: 'syntax',
      message: 'SyntaxError: Unexpected token',
      line: 3,
      column: 13,
    })
    expect(await failure(`export default function (h) {\n  return {\n}`)).toMatchObject({ kind: 'syntax', line: 3 })
    // TypeScript syntax that is wrong is a syntax error too
    expect(await failure(`export default function (h: ScriptHelpers) {\n  const n: = 1\n}`)).toMatchObject({ kind: 'syntax', line: 2, column: 12 })
  })

  it('TypeScript: types are stripped and lines stay where they were', async () => {
    const ts = `interface Pair { a: number; b: number }\nconst pair: Pair = { a: 1, b: 0 }\nexport default function (h: ScriptHelpers): DataSet {\n  const bits: number[] = [pair.a, pair.b]\n  if (h.seed === 2) (null as any).boom\n  return { inputSize: 1, outputSize: 1, train: [{ u: bits.map((b) => [b]), z: bits.map((b) => [1 - b]) }] }\n}`
    const ok = await runScript(ts, { seed: 1 })
    expect(ok).toMatchObject({ ok: true, data: { train: [{ u: [[1], [0]], z: [[0], [1]] }] } })
    expect(await failure(ts.replace('h.seed === 2', 'h.seed === 1'))).toMatchObject({ kind: 'runtime', line: 5 })
  })

  it("a runtime error's column is the script's, not the stripped JavaScript's (one position everywhere)", async () => {
    // types before the failing place on the same line: stripping them moves it left in the JavaScript QuickJS runs
    const line = '  const n: number = 2, s: string = "x", v = (null as unknown as { u: number[] }).u.length'
    const ts = `export default function (h: ScriptHelpers): DataSet {\n${line}\n  return { inputSize: 1, outputSize: 1, train: [] }\n}`
    const error = await failure(ts)
    expect(error).toMatchObject({ kind: 'runtime', line: 2 })
    expect(error.column).toBe(line.indexOf(').u') + 2) // at ".u", as QuickJS places a property read
    // and on a line without types the column stays as QuickJS gives it
    const js = `export default function (h) {\n${line.replace(/: number|: string| as unknown as \{ u: number\[\] \}/g, '')}\n}`
    expect(await failure(js)).toMatchObject({ line: 2, column: line.replace(/: number|: string| as unknown as \{ u: number\[\] \}/g, '').indexOf(').u') + 2 })
  })

  it('a runtime error, at its innermost frame in the script', async () => {
    expect(await failure(`function step(seq) {\n  return seq.u.length\n}\nexport default function (h) {\n  return step(undefined)\n}`)).toEqual({
      kind: 'runtime',
      message: "TypeError: cannot read property 'u' of undefined",
      line: 2,
      column: 13,
    })
    expect(await failure(`export default () => {\n  noSuchHelper()\n}`)).toMatchObject({ kind: 'runtime', message: "ReferenceError: 'noSuchHelper' is not defined", line: 2 })
    expect(await failure(`\n\nthrow new Error('at the top level')`)).toMatchObject({ kind: 'runtime', message: 'Error: at the top level', line: 3 })
    // a syntax error raised while running (JSON.parse, eval) is a runtime error
    expect(await failure(`export default () => JSON.parse('{')`)).toMatchObject({ kind: 'runtime', line: 1 })
  })

  it('a script without a usable default export', async () => {
    expect(await failure(`export function main(h) {}`)).toMatchObject({ kind: 'result', message: expect.stringMatching(/^the script must export its data set builder as default/) })
    expect(await failure(`export default { inputSize: 1 }`)).toMatchObject({ kind: 'result', message: expect.stringMatching(/the default export is an object/) })
    expect(await failure(`export default () => undefined`)).toMatchObject({ kind: 'result', message: expect.stringMatching(/must return a data set .* got undefined/) })
  })

  it('a result that is not a data set, through the sandbox', async () => {
    expect(await failure(`export default () => ({ inputSize: 2, outputSize: 1, train: [{ u: [[0, 1], [1, NaN]], z: [null, [1]] }] })`)).toEqual({
      kind: 'result',
      message: 'train[0].u[1][1]: expected a finite number, got NaN',
      path: 'train[0].u[1][1]',
    })
    expect(await failure(`export default () => ({ inputSize: 1, outputSize: 1, train: [{ u: [[0]], z: [[1]] }, { u: [[0], [1]], z: [[1], undefined] }] })`)).toMatchObject({
      path: 'train[1].z[1]',
      message: expect.stringMatching(/or null for no target at this step, got undefined/),
    })
    expect(await failure(`export default () => ({ inputSize: 1, outputSize: 1, train: [{ u: [[1n]], z: [[1]] }] })`)).toMatchObject({
      path: 'train[0].u[0][0]',
      message: expect.stringMatching(/got a BigInt \(1n; use a number\)/),
    })
    expect(await failure(`export default () => ({ inputSize: 1, outputSize: 1, train: [{ u: [[() => 1]], z: [[1]] }] })`)).toMatchObject({ message: 'train[0].u[0][0]: expected a finite number, got a function' })
  })
})

describe('checkScriptResult', () => {
  const seq = (T: number, m = 2, l = 1) => ({ u: Array.from({ length: T }, (_, t) => Array.from({ length: m }, (_, i) => (t + i) % 2)), z: Array.from({ length: T }, (_, t) => (t === 0 ? null : Array(l).fill(0.5))) })
  const valid = () => ({ inputSize: 2, outputSize: 1, train: [seq(3), seq(4)], validation: [seq(2)] })
  const problem = (value: unknown) => {
    const r = checkScriptResult(value)
    if (r.ok) throw new Error('expected a problem')
    expect(r.error.kind).toBe('result')
    return r.error.message
  }

  it('accepts a data set and returns fresh project data', () => {
    const value = valid()
    const r = checkScriptResult(value)
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.data).toEqual({ kind: 'inline', ...value })
    expect(r.notes).toEqual([])
    expect(r.data.train).not.toBe(value.train)
    expect(r.data.train[0]).not.toBe(value.train[0])
  })

  it('checks the sizes', () => {
    expect(problem({ ...valid(), inputSize: 0 })).toBe('inputSize: expected a whole number from 1 to 100000, got 0')
    expect(problem({ ...valid(), outputSize: 1.5 })).toBe('outputSize: expected a whole number from 1 to 100000, got 1.5')
    expect(problem({ ...valid(), inputSize: `${SCRIPT_VALUE_MARK}NaN` })).toBe('inputSize: expected a whole number from 1 to 100000, got NaN')
    expect(problem({ ...valid(), inputSize: '2' })).toBe('inputSize: expected a whole number from 1 to 100000, got "2"')
    expect(problem({ ...valid(), inputSize: 3 })).toBe('train[0].u[0]: expected an input vector (m = 3) of 3 numbers, got 2')
    expect(problem({ ...valid(), outputSize: 2 })).toBe('train[0].z[1]: expected a target (ℓ = 2) of 2 numbers, got 1')
  })

  it('needs at least one sequence, each with u and z of equal length', () => {
    expect(problem({ ...valid(), train: [] })).toBe('train: expected at least one sequence')
    expect(problem({ inputSize: 2, outputSize: 1 })).toBe('train: expected a list of sequences { u, z }, got undefined')
    expect(problem({ ...valid(), train: [seq(2), { u: [[0, 1], [1, 0]], z: [null] }] })).toBe('train[1]: u has 2 steps but z has 1; give null for a step without a target')
    expect(problem({ ...valid(), train: [{ u: [], z: [] }] })).toBe('train[0].u: a sequence needs at least one step')
    expect(problem({ ...valid(), train: [seq(2), 5] })).toBe('train[1]: expected a sequence { u, z }, got 5')
    expect(problem({ ...valid(), train: [{ u: [[0, 1]] }] })).toBe('train[0].z: expected a list of targets (T × 1, null where a step has no target), got undefined')
    expect(problem({ ...valid(), validation: 'none' })).toBe('validation: expected a list of sequences { u, z } (or nothing), got "none"')
  })

  it('names the sequence and step of a bad value', () => {
    const bad = valid()
    bad.train[1].u[3] = [0, Infinity]
    expect(problem(bad)).toBe('train[1].u[3][1]: expected a finite number, got Infinity')
    const marked = valid()
    ;(marked.train[1].u[2] as unknown[])[0] = `${SCRIPT_VALUE_MARK}-Infinity`
    expect(problem(marked)).toBe('train[1].u[2][0]: expected a finite number, got -Infinity')
    const inValidation = valid()
    inValidation.validation[0].z[1] = [null as unknown as number]
    expect(problem(inValidation)).toBe('validation[0].z[1][0]: expected a finite number, got null')
    const row = valid()
    ;(row.train[0].u as unknown[])[1] = 7
    expect(problem(row)).toBe('train[0].u[1]: expected an input vector (m = 2) of 2 numbers, got 7')
  })

  it('keeps to the project-file limits', () => {
    const huge = { inputSize: 1000, outputSize: 1000, train: [{ u: Array(LIMITS.dataValues / 1000), z: Array(LIMITS.dataValues / 1000) }] }
    expect(problem(huge)).toBe(`the data set has ${LIMITS.dataValues * 2} values (steps × (m + ℓ)); the limit is ${LIMITS.dataValues}`)
    expect(problem({ ...valid(), inputSize: LIMITS.units + 1 })).toMatch(/^inputSize: expected a whole number from 1 to 100000/)
  })

  it('notes what is allowed but unusual', () => {
    const value = { ...valid(), extra: 1, seed: 3 }
    value.train[0].u[1] = [0.5, 2]
    ;(value.train[1] as Record<string, unknown>).label = 'x'
    const r = checkScriptResult(value)
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.notes).toEqual([
      'Ignored `extra`, `seed`: a data set has only inputSize, outputSize, train and validation.',
      'Ignored `label` in sequences: a sequence has only u and z.',
      "2 of 18 input values are outside {0, 1} (the first: train[0].u[1][0] = 0.5). The lecture's model assumes binary inputs; training works all the same.",
    ])
    const noTargets = checkScriptResult({ inputSize: 1, outputSize: 1, train: [{ u: [[1]], z: [null] }], validation: [] })
    expect(noTargets.ok && noTargets.notes).toEqual(['No step of the training sequences has a target (every z is null): training will not change the weights.'])
    expect(noTargets.ok && noTargets.data.validation).toBeUndefined()
  })

  it('refuses what is not an object', () => {
    for (const v of [null, 3, 'text', [1, 2], `${SCRIPT_VALUE_MARK}undefined`]) expect(problem(v)).toMatch(/^the default export must return a data set \{ inputSize, outputSize, train, validation\? \}, got /)
  })
})
