// Scripts that try to get out of the sandbox. Each must fail with a clear message, leave the host as it was,
// and the next run must work. The sandbox is QuickJS in WebAssembly: the script has its own heap and sees
// only the helpers and the standard built-ins.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { types } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { runScript } from '../../../src/node/scripts/sandbox.js'
import type { ScriptErrorKind, ScriptRunOptions, ScriptRunResult } from '../../../src/shared/script-api.js'

const GOOD = `export default (h) => ({ inputSize: 1, outputSize: 1, train: [{ u: [[h.rng.bit()], [1]], z: [null, [0]] }] })`

const dir = mkdtempSync(join(tmpdir(), 'rnnwb-escape-'))
const sentinel = join(dir, 'sentinel.txt')
writeFileSync(sentinel, 'untouched')
const exitCodeBefore = process.exitCode
const envBefore = JSON.stringify(process.env)

afterAll(() => {
  // the host, after every attempt
  expect(readFileSync(sentinel, 'utf8')).toBe('untouched')
  expect(process.exitCode).toBe(exitCodeBefore)
  expect(JSON.stringify(process.env)).toBe(envBefore)
})

/** The run fails with this kind and a message matching `message`; the next run works. */
async function refused(source: string, kind: ScriptErrorKind, message: RegExp, opts: Partial<ScriptRunOptions> = {}): Promise<ScriptRunResult & { ok: false }> {
  const r = await runScript(source, { seed: 1, ...opts })
  if (r.ok) throw new Error(`the script was expected to fail, but it returned data: ${JSON.stringify(r.data).slice(0, 200)}`)
  expect(r.error.kind, r.error.message).toBe(kind)
  expect(r.error.message).toMatch(message)
  const next = await runScript(GOOD, { seed: 1 })
  expect(next.ok, next.ok ? '' : next.error.message).toBe(true)
  return r
}

describe('escape attempts fail clearly and leave the host untouched', () => {
  it("require('fs')", async () => {
    const r = await refused(`const fs = require('fs'); fs.writeFileSync(${JSON.stringify(sentinel)}, 'pwned'); export default () => null`, 'runtime', /ReferenceError: 'require' is not defined/)
    expect(r.error.line).toBe(1)
  })

  it('process.exit()', async () => {
    await refused(`export default () => { process.exit(3) }`, 'runtime', /ReferenceError: 'process' is not defined/)
  })

  it('dynamic import()', async () => {
    await refused(`export default async () => { const fs = await import('node:fs'); fs.writeFileSync(${JSON.stringify(sentinel)}, 'pwned') }`, 'runtime', /could not load module 'node:fs'.*cannot import/)
    await refused(`import * as std from 'std'; export default () => std.exit(1)`, 'runtime', /could not load module 'std'/)
    await refused(`export default async () => import(${JSON.stringify('file://' + sentinel)})`, 'runtime', /could not load module/)
  })

  it('fetch and the other host globals do not exist', async () => {
    await refused(`export default async () => fetch('https://example.com/')`, 'runtime', /ReferenceError: 'fetch' is not defined/)
    const names = ['process', 'require', 'module', 'exports', 'Buffer', '__dirname', 'global', 'window', 'document', 'self', 'api', 'fetch', 'XMLHttpRequest', 'WebSocket', 'setTimeout', 'setInterval', 'setImmediate', 'WebAssembly', 'Deno', 'Bun', 'scriptArgs', 'std', 'os', 'print']
    const r = await runScript(`export default () => { throw new Error(JSON.stringify(${JSON.stringify(names)}.filter((n) => typeof globalThis[n] !== 'undefined'))) }`, { seed: 1 })
    expect(r.ok === false && r.error.message).toBe('Error: []')
  })

  it("globalThis.constructor.constructor('return process')()", async () => {
    await refused(`export default () => globalThis.constructor.constructor('return process')().exit(1)`, 'runtime', /'process' is not defined/)
    // the Function constructor exists, but only inside the sandbox: its global is the sandbox's
    await refused(`const g = (0, eval)('this'); const F = [].constructor.constructor; export default () => { if (F('return this')() !== g) throw new Error('escaped'); return F('return require')()('fs') }`, 'runtime', /'require' is not defined/)
  })

  it('prototype pollution stays inside', async () => {
    const source = `
      Object.prototype.polluted = 1
      Array.prototype.polluted = 1
      Object.defineProperty(Object.prototype, 'inputSize', { get() { return 99 }, configurable: true })
      JSON.parse = () => ({ evil: true })
      export default () => {
        const o = { inputSize: 1, outputSize: 1, train: [{ u: [[1]], z: [[1]] }] }
        // own "__proto__" keys: on the host they must stay plain keys (ignored), never prototypes
        Object.defineProperty(o, '__proto__', { value: { polluted: 2, inputSize: 5 }, enumerable: true })
        Object.defineProperty(o.train[0], '__proto__', { value: { u: 1 }, enumerable: true })
        return o
      }`
    const r = await runScript(source, { seed: 1 })
    expect(r.ok, r.ok ? '' : r.error.message).toBe(true)
    if (!r.ok) return
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(([] as unknown as Record<string, unknown>).polluted).toBeUndefined()
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'inputSize')).toBe(false)
    expect(JSON.parse('1')).toBe(1)
    expect(Object.getPrototypeOf(r.data)).toBe(Object.prototype)
    expect(Object.getPrototypeOf(r.data.train[0])).toBe(Object.prototype)
    expect((r.data as unknown as Record<string, unknown>).polluted).toBeUndefined()
    expect(r.data).toEqual({ kind: 'inline', inputSize: 1, outputSize: 1, train: [{ u: [[1]], z: [[1]] }] })
    expect(r.notes.join('\n')).toMatch(/Ignored `__proto__`/)
    // and the next run starts from clean built-ins
    const next = await runScript(`export default () => { throw new Error(String([({}).polluted, [].polluted, JSON.parse('1')])) }`, { seed: 1 })
    expect(next.ok === false && next.error.message).toBe('Error: ,,1')
  })

  it('an endless loop meets the time limit, even inside try/catch', async () => {
    const t0 = Date.now()
    const r = await refused(`// spins\nfunction spin() {\n  for (;;) {}\n}\nexport default spin`, 'timeout', /^the script ran longer than its time limit of 300 ms and was stopped \(in the function starting at line 2\)$/, { timeLimitMs: 300 })
    expect(r.error).toMatchObject({ line: 2, column: 1 })
    expect(Date.now() - t0).toBeLessThan(5000)
    await refused(`export default () => { for (;;) { try { for (;;) {} } catch (e) {} finally { continue } } }`, 'timeout', /time limit/, { timeLimitMs: 300 })
    await refused(`export default async () => { for (;;) await null }`, 'timeout', /time limit/, { timeLimitMs: 300 })
    await refused(`for (;;) {}`, 'timeout', /time limit/, { timeLimitMs: 300 }) // at the top level of the module
    await refused(`export default () => /(a+)+$/.test('a'.repeat(40) + 'b')`, 'timeout', /time limit/, { timeLimitMs: 300 }) // catastrophic backtracking
  })

  it('a billion-element array meets the memory limit', async () => {
    const r = await refused(`export default () => {\n  const a = new Array(1e9).fill(0)\n  return a\n}`, 'memory', /needed more memory than its limit of 256 MB/)
    expect(r.error.line).toBe(2)
    await refused(`const a = []; for (let i = 0; i < 1e9; i++) a.push(i)`, 'memory', /limit of 32 MB/, { memoryLimitBytes: 32 * 2 ** 20 })
    await refused(`export default () => { try { new Array(1e9).fill(0) } catch (e) {} return new Array(1e9).fill(1) }`, 'memory', /memory/, { memoryLimitBytes: 32 * 2 ** 20 })
    await refused(`export default () => new Float64Array(1e9)`, 'runtime', /RangeError: invalid array buffer length/)
  })

  it('a Proxy or getters that throw', async () => {
    const proxy = await refused(`export default () => new Proxy({}, {\n  get() { throw new Error('proxy trap') },\n  ownKeys() { throw new Error('ownKeys trap') },\n})`, 'runtime', /Error: (proxy|ownKeys) trap/)
    expect(proxy.error.line).toBeGreaterThanOrEqual(2)
    const getter = await refused(`export default () => ({\n  inputSize: 1,\n  get outputSize() { throw new TypeError('no outputSize today') },\n})`, 'runtime', /TypeError: no outputSize today/)
    expect(getter.error).toMatchObject({ line: 3 })
    await refused(`export default () => ({ get train() { for (;;) {} } })`, 'timeout', /time limit/, { timeLimitMs: 300 })
    await refused(`export default () => ({ toJSON() { return this }, get inputSize() { return 1 } })`, 'result', /outputSize: expected a whole number/)
    await refused(`const o = {}; o.self = o; export default () => o`, 'runtime', /circular/)
    // a thrown Proxy cannot hide the failure either
    await refused(`export default () => { throw new Proxy({}, { get() { throw new Error('again') } }) }`, 'runtime', /could not be read/)
  })

  it('a Proxy that does give data is copied out as plain data', async () => {
    const r = await runScript(`export default () => new Proxy({}, { get: (t, k) => ({ inputSize: 1, outputSize: 1, train: [{ u: [[1]], z: [[0]] }] })[k], ownKeys: () => ['inputSize', 'outputSize', 'train'], getOwnPropertyDescriptor: () => ({ enumerable: true, configurable: true }) })`, { seed: 1 })
    expect(r.ok, r.ok ? '' : r.error.message).toBe(true)
    if (!r.ok) return
    expect(types.isProxy(r.data)).toBe(false)
    expect(Object.getOwnPropertyNames(r.data).sort()).toEqual(['inputSize', 'kind', 'outputSize', 'train'])
    expect(Object.getOwnPropertyDescriptor(r.data, 'train')?.get).toBeUndefined()
  })

  it('deep recursion is a clean stack overflow, not a crash', async () => {
    await refused(`function f(n) { return f(n + 1) + 1 }\nexport default () => f(0)`, 'runtime', /stack overflow/)
  })

  it('nothing survives from one run to the next', async () => {
    await runScript(`globalThis.leftover = 42; Math.leftover = 1; export default () => null`, { seed: 1 })
    const r = await runScript(`export default () => { throw new Error(String([typeof globalThis.leftover, typeof Math.leftover])) }`, { seed: 1 })
    expect(r.ok === false && r.error.message).toBe('Error: undefined,undefined')
  })

  it('the sentinel file was never reachable', () => {
    expect(existsSync(sentinel)).toBe(true)
  })
})
