// The script API: the helpers h, seeding (h.rng and Math.random), the frozen clock, console notes, async
// scripts, and that a script reproduces the data the core's createRng builds.
import { describe, expect, it } from 'vitest'
import { createRng } from '../../../src/core/rng.js'
import { runScript } from '../../../src/node/scripts/sandbox.js'
import { SCRIPT_LIMITS } from '../../../src/shared/project-constants.js'

/** Runs `body` (the inside of the default export, returning any JSON value) and gives back that value. */
async function evaluate(body: string, seed = 1): Promise<unknown> {
  // the value travels back in the error message (up to 2000 characters): any JSON, not only data sets
  const r = await runScript(`export default async function (h) {\nconst value = await (async () => {\n${body}\n})()\nthrow new Error('=' + JSON.stringify(value))\n}`, { seed })
  if (r.ok) throw new Error('expected the value to come back as an error')
  const m = /^Error: =(.*)$/s.exec(r.error.message)
  if (!m) throw new Error(r.error.message)
  return JSON.parse(m[1])
}

const randomScript = `export default function (h) {
  const train = h.range(4).map(() => {
    const T = 3 + h.rng.int(5)
    const u = h.range(T).map(() => [h.rng.uniform(-1, 1), h.rng.normal(), Math.random()])
    return { u, z: u.map(([a, b]) => (h.rng.bit() ? [a * b] : null)) }
  })
  return { inputSize: 3, outputSize: 1, train, validation: [train[0]] }
}`

describe('the script API', () => {
  it('the same seed gives the same data, another seed other data', async () => {
    const a = await runScript(randomScript, { seed: 42 })
    const b = await runScript(randomScript, { seed: 42 })
    const c = await runScript(randomScript, { seed: 43 })
    expect(a.ok && b.ok && c.ok).toBe(true)
    if (!a.ok || !b.ok || !c.ok) return
    expect(b.data).toEqual(a.data)
    expect(c.data).not.toEqual(a.data)
    expect(a.data.validation).toEqual([a.data.train[0]])
  })

  it('h.rng is the core generator: createRng(seed) gives the same numbers', async () => {
    const seed = 2024
    const got = (await evaluate(`return [h.rng.next(), h.rng.next(), h.rng.int(10), h.rng.uniform(2, 3), h.seed]`, seed)) as number[]
    const core = createRng(seed)
    expect(got).toEqual([core.next(), core.next(), core.int(10), core.uniform(2, 3), seed])
  })

  it('Math.random is seeded (stream 1 of the same seed)', async () => {
    const a = (await evaluate(`return [Math.random(), Math.random(), Math.random()]`, 5)) as number[]
    const b = (await evaluate(`return [Math.random(), Math.random(), Math.random()]`, 5)) as number[]
    const c = (await evaluate(`return [Math.random(), Math.random(), Math.random()]`, 6)) as number[]
    expect(b).toEqual(a)
    expect(c).not.toEqual(a)
    const stream1 = createRng(5, 1)
    expect(a).toEqual([stream1.next(), stream1.next(), stream1.next()])
    // drawing from Math.random does not shift h.rng
    const mixed = (await evaluate(`Math.random(); return h.rng.next()`, 5)) as number
    expect(mixed).toBe(createRng(5).next())
  })

  it("the clock stands still at the epoch", async () => {
    expect(await evaluate(`return [Date.now(), new Date().getTime(), new Date(2020, 0, 1) > new Date(0), new Date('2024-05-06T00:00:00Z').toISOString(), typeof Date(), new Date() instanceof Date]`)).toEqual([
      0,
      0,
      true,
      '2024-05-06T00:00:00.000Z',
      'string',
      true,
    ])
  })

  it('rng: normal, bit, pick, shuffle', async () => {
    const [mean, sd, bits, picked, shuffled] = (await evaluate(`
      const xs = h.range(20000).map(() => h.rng.normal(3, 2))
      const mean = xs.reduce((a, b) => a + b) / xs.length
      const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length)
      const bits = h.range(2000).map(() => h.rng.bit(0.25))
      return [mean, sd, bits.reduce((a, b) => a + b) / bits.length, h.range(50).map(() => h.rng.pick(['a', 'b'])), h.rng.shuffle(h.range(10))]`)) as [number, number, number, string[], number[]]
    expect(mean).toBeCloseTo(3, 1)
    expect(sd).toBeCloseTo(2, 1)
    expect(bits).toBeGreaterThan(0.2)
    expect(bits).toBeLessThan(0.3)
    expect(new Set(picked)).toEqual(new Set(['a', 'b']))
    expect([...shuffled].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    expect(shuffled).not.toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
  })

  it('oneHot, windows, range, zip', async () => {
    expect(
      await evaluate(`return [
        h.oneHot(2, 4), h.oneHot(0, 1),
        h.windows([1, 2, 3, 4], 2), h.windows([1, 2, 3], 2, 0), h.windows([1, 2], 3), h.windows([1, 2], 3, null),
        h.range(4), h.range(2, 5), h.range(5, 0, -2), h.range(0, 1, 0.25), h.range(0),
        h.zip([1, 2, 3], ['a', 'b']),
      ]`),
    ).toEqual([
      [0, 0, 1, 0],
      [1],
      [
        [1, 2],
        [2, 3],
        [3, 4],
      ],
      [
        [0, 1],
        [1, 2],
        [2, 3],
      ],
      [],
      [
        [null, null, 1],
        [null, 1, 2],
      ],
      [0, 1, 2, 3],
      [2, 3, 4],
      [5, 3, 1],
      [0, 0.25, 0.5, 0.75],
      [],
      [
        [1, 'a'],
        [2, 'b'],
      ],
    ])
  })

  it('helpers refuse bad arguments with a message naming the call, at the line of the call', async () => {
    const cases: [string, RegExp][] = [
      ['h.oneHot(4, 4)', /RangeError: oneHot\(i, n\): i must be a whole number in \[0, 4\), got 4/],
      ['h.oneHot(0, 0)', /RangeError: oneHot\(i, n\): n: expected a whole number ≥ 1, got 0/],
      ['h.rng.int(0)', /RangeError: rng.int\(n\): n must be a whole number ≥ 1, got 0/],
      ['h.rng.pick([])', /rng.pick\(items\): expected a non-empty array/],
      ['h.windows([1], 0)', /windows\(items, width, pad\): width: expected a whole number ≥ 1, got 0/],
      ["h.range('3')", /range: end must be a finite number, got "3"/],
      ['h.range(0, 3, 0)', /range: step must not be 0/],
      ['h.zip([1], 2)', /zip\(a, b\): expected two arrays, got a list of 1 and 2/],
    ]
    for (const [call, message] of cases) {
      const r = await runScript(`export default function (h) {\n  const x = 1\n  return ${call}\n}`, { seed: 1 })
      expect(r.ok).toBe(false)
      if (r.ok) continue
      expect(r.error.kind).toBe('runtime')
      expect(r.error.message).toMatch(message)
      expect(r.error.line, call).toBe(3)
    }
  })

  it("h.rng is the core's generator: a script reproduces data built with createRng from the same seed", async () => {
    const rng = createRng(11)
    const train = Array.from({ length: 8 }, () => {
      const x = Array.from({ length: 6 }, () => rng.int(2))
      return { u: x.map((b) => [b, 1 - b]), z: x.map((b, t) => (t === 0 ? null : [b === x[t - 1] ? 1 : 0])) }
    })
    const r = await runScript(
      `export default function (h) {
        const train = h.range(8).map(() => {
          const x = h.range(6).map(() => h.rng.int(2))
          return { u: x.map((b) => [b, 1 - b]), z: x.map((b, t) => (t === 0 ? null : [b === x[t - 1] ? 1 : 0])) }
        })
        return { inputSize: 2, outputSize: 1, train }
      }`,
      { seed: 11 },
    )
    expect(r.ok, r.ok ? '' : r.error.message).toBe(true)
    if (r.ok) expect(r.data).toEqual({ kind: 'inline', inputSize: 2, outputSize: 1, train })
  })

  it('async scripts and top-level await', async () => {
    const r = await runScript(`const sizes = await Promise.resolve({ inputSize: 1, outputSize: 1 })\nexport default async (h) => ({ ...sizes, train: [{ u: [[await 1]], z: [[0]] }] })`, { seed: 1 })
    expect(r.ok && r.data).toEqual({ kind: 'inline', inputSize: 1, outputSize: 1, train: [{ u: [[1]], z: [[0]] }] })
    const rejected = await runScript(`export default async () => {\n  await null\n  throw new RangeError('later')\n}`, { seed: 1 })
    expect(rejected.ok === false && rejected.error).toMatchObject({ kind: 'runtime', message: 'RangeError: later', line: 3 })
    const never = await runScript(`export default () => new Promise(() => {})`, { seed: 1 })
    expect(never.ok === false && never.error.message).toMatch(/promise never settled/)
  })

  it('typed arrays are accepted as vectors', async () => {
    const r = await runScript(`export default () => ({ inputSize: 2, outputSize: 1, train: [{ u: [new Float64Array([1, 0]), Uint8Array.of(0, 1)], z: [null, new Float32Array([0.5])] }] })`, { seed: 1 })
    expect(r.ok && r.data.train).toEqual([{ u: [[1, 0], [0, 1]], z: [null, [0.5]] }])
  })

  it('console output becomes notes, within limits', async () => {
    const r = await runScript(
      `export default (h) => {
        console.log('P =', 2, { m: 1 }, [1, 2], null, undefined)
        console.warn('careful')
        console.error(new TypeError('shown'))
        console.log('x'.repeat(5000))
        for (let i = 0; i < 200; i++) console.log(i)
        return { inputSize: 1, outputSize: 1, train: [{ u: [[1]], z: [[1]] }] }
      }`,
      { seed: 1 },
    )
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.notes[0]).toBe('console: P = 2 {"m":1} [1,2] null undefined')
    expect(r.notes[1]).toBe('console (warning): careful')
    expect(r.notes[2]).toBe('console (error): TypeError: shown')
    expect(r.notes[3].length).toBeLessThanOrEqual('console: '.length + SCRIPT_LIMITS.maxNoteChars + 1)
    expect(r.notes).toHaveLength(SCRIPT_LIMITS.maxConsoleLines + 1)
    expect(r.notes.at(-1)).toBe(`(${204 - SCRIPT_LIMITS.maxConsoleLines} more console lines not kept)`)
  })

  it('console output before a failure is kept', async () => {
    const r = await runScript(`export default () => {\n  console.log('got here')\n  undefinedFunction()\n}`, { seed: 1 })
    expect(r.ok).toBe(false)
    expect(r.notes).toEqual(['console: got here'])
  })
})
