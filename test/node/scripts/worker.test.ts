// runScriptInWorker: the sandbox in a worker thread (as the app's main process and the CLI run it), with the
// time limit enforced from outside as well, cancellation, and a large native stack for deep recursion.
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runScriptInWorker } from '../../../src/node/scripts/run-in-worker.js'
import { runScript } from '../../../src/node/scripts/sandbox.js'

const script = `export default function (h) {
  const train = h.range(6).map(() => {
    const x = h.range(8).map(() => h.rng.bit())
    return { u: x.map((b) => h.oneHot(b, 2)), z: x.map((b, t) => (t < 2 ? null : [x[t - 2] ^ b])) }
  })
  console.log('P =', train.length)
  return { inputSize: 2, outputSize: 1, train, validation: [{ u: [[Math.random(), 0]], z: [[1]] }] }
}`

describe('runScriptInWorker', () => {
  it('gives what runScript gives on this thread', async () => {
    const inWorker = await runScriptInWorker(script, { seed: 9 })
    const here = await runScript(script, { seed: 9 })
    expect(inWorker.ok, inWorker.ok ? '' : inWorker.error.message).toBe(true)
    expect(inWorker).toEqual(here)
  })

  it('the built worker the app runs (out/main/chunks/worker.js, from electron-vite) gives the same, TypeScript included', async () => {
    const built = join(import.meta.dirname, '../../../out/main/chunks/worker.js') // built by the test setup
    const typed = script.replace('export default function (h)', 'export default function (h: ScriptHelpers): DataSet')
    const inApp = await runScriptInWorker(typed, { seed: 9, workerEntry: built })
    expect(inApp.ok, inApp.ok ? '' : inApp.error.message).toBe(true)
    expect(inApp).toEqual(await runScript(script, { seed: 9 }))
  })

  it('reports script errors as runScript does', async () => {
    const source = `export default () => {\n  return [].x.y\n}`
    expect(await runScriptInWorker(source, { seed: 1 })).toEqual(await runScript(source, { seed: 1 }))
  })

  it('stops from outside a run that overruns inside a built-in, and the next run works', async () => {
    // one long call into the interpreter's C code (no interrupt checks inside): only the watchdog stops it
    const t0 = Date.now()
    // (serializing 4 million doubles takes seconds in QuickJS, in one native call)
    const r = await runScriptInWorker(`export default () => JSON.stringify(new Array(4e6).fill(Math.PI)).length`, { seed: 1, timeLimitMs: 200, graceMs: 200 })
    const elapsed = Date.now() - t0
    expect(r).toEqual({ ok: false, error: { kind: 'timeout', message: 'the script ran longer than its time limit of 200 ms and was stopped' }, notes: [] })
    expect(elapsed).toBeLessThan(10_000)
    const next = await runScriptInWorker(script, { seed: 9 })
    expect(next.ok).toBe(true)
  })

  it('the interpreter limit is what stops an ordinary endless loop (with its line)', async () => {
    const r = await runScriptInWorker(`export default function () {\n  while (true) {}\n}`, { seed: 1, timeLimitMs: 300 })
    expect(r.ok === false && r.error).toMatchObject({ kind: 'timeout', line: 1 })
  })

  it('deep recursion and deep nesting end in the interpreter’s own stack limit', async () => {
    const recursion = await runScriptInWorker(`function f(n) {\n  return f(n + 1) + 1\n}\nexport default () => f(0)`, { seed: 1 })
    expect(recursion.ok === false && recursion.error).toMatchObject({ kind: 'runtime', message: 'InternalError: stack overflow (the script nests too deeply)', line: 2 })
    const nesting = await runScriptInWorker(`export default () => eval('('.repeat(100000) + '1' + ')'.repeat(100000))`, { seed: 1 })
    expect(nesting.ok === false && nesting.error).toMatchObject({ kind: 'runtime', message: expect.stringMatching(/stack overflow/) })
    const json = await runScriptInWorker(`export default () => JSON.parse('['.repeat(100000) + ']'.repeat(100000))`, { seed: 1 })
    expect(json.ok === false && json.error.message).toMatch(/stack overflow/)
  })

  it('process.exit() inside the worker changes nothing', async () => {
    const r = await runScriptInWorker(`export default () => process.exit(7)`, { seed: 1 })
    expect(r.ok === false && r.error.message).toBe("ReferenceError: 'process' is not defined")
  })

  it('can be cancelled', async () => {
    const controller = new AbortController()
    const running = runScriptInWorker(`export default () => { for (;;) {} }`, { seed: 1, signal: controller.signal })
    setTimeout(() => controller.abort(), 300)
    expect(await running).toEqual({ ok: false, error: { kind: 'cancelled', message: 'the script run was cancelled' }, notes: [] })
    const already = new AbortController()
    already.abort()
    expect((await runScriptInWorker(script, { seed: 1, signal: already.signal })).ok).toBe(false)
  })

  it('refuses bad options before starting', async () => {
    await expect(runScriptInWorker(script, { seed: -1 })).rejects.toThrow(/seed must be a whole number/)
    await expect(runScriptInWorker(script, { seed: 1, timeLimitMs: 0 })).rejects.toThrow(/timeLimitMs/)
    await expect(runScriptInWorker(script, { seed: 1, memoryLimitBytes: 2 ** 40 })).rejects.toThrow(/memoryLimitBytes/)
  })
})
