import { describe, expect, it } from 'vitest'
import { normalizeNetworkSpec, paramLayout } from '../../src/core/index.js'
import { decodeFloat64, decodeWeightArrays, encodeFloat64, encodeWeightArrays, shapeKey, WeightsCodecError } from '../../src/shared/weights-codec.js'

/** A small recurrent network: W0 3×2, V1 3×3, b1 3, W1 1×3, b2 1 (20 parameters). */
const layout = paramLayout(normalizeNetworkSpec({ inputSize: 2, hidden: [{ units: 3 }], output: { units: 1 } }))
const params = Float64Array.from({ length: layout.size }, (_, i) => Math.sin(i + 1) * 10 ** ((i % 7) - 3))

/** The WeightsCodecError `run` throws, as { path, problem }. */
function problemOf(run: () => unknown): { path: string; problem: string } {
  try {
    run()
  } catch (e) {
    expect(e).toBeInstanceOf(WeightsCodecError)
    const { path, problem } = e as WeightsCodecError
    return { path, problem }
  }
  throw new Error('expected a WeightsCodecError')
}

describe('weights codec', () => {
  it('round-trips float64 values bit for bit, little-endian', () => {
    const values = Float64Array.of(0, -0, 1.5, -2.25e-300, Number.MAX_VALUE, Number.MIN_VALUE, Math.PI)
    const text = encodeFloat64(values)
    expect(Array.from(decodeFloat64(text, values.length))).toEqual(Array.from(values))
    expect(Object.is(decodeFloat64(text, values.length)[1], -0)).toBe(true)
    // 1.5 is 0x3FF8000000000000: little-endian, its last byte comes last
    expect(atob(encodeFloat64([1.5])).split('').map((c) => c.charCodeAt(0))).toEqual([0, 0, 0, 0, 0, 0, 0xf8, 0x3f])
    expect(encodeFloat64([])).toBe('')
    expect(decodeFloat64('', 0)).toHaveLength(0)
  })

  it('encodes more values than fit in one call of String.fromCharCode', () => {
    const many = Float64Array.from({ length: 20_000 }, (_, i) => i / 7)
    expect(Array.from(decodeFloat64(encodeFloat64(many), many.length))).toEqual(Array.from(many))
  })

  it('round-trips a whole parameter array through named arrays, in any order', () => {
    const arrays = encodeWeightArrays(params, layout)
    expect(arrays.map((a) => a.name)).toEqual(['W0', 'V1', 'b1', 'W1', 'b2'])
    expect(Array.from(decodeWeightArrays(arrays, layout))).toEqual(Array.from(params))
    expect(Array.from(decodeWeightArrays([...arrays].reverse(), layout))).toEqual(Array.from(params))
  })

  it('refuses text that is not base64, at its path', () => {
    expect(problemOf(() => decodeFloat64('A', 0, 'x.data'))).toEqual({ path: 'x.data', problem: 'not valid base64' })
    const arrays = encodeWeightArrays(params, layout)
    arrays[1] = { ...arrays[1], data: '!!!!' }
    expect(problemOf(() => decodeWeightArrays(arrays, layout))).toEqual({ path: 'weights.arrays[1].data', problem: 'not valid base64' })
  })

  it('refuses a wrong number of bytes', () => {
    expect(problemOf(() => decodeFloat64(encodeFloat64([1, 2, 3]), 2, 'p'))).toEqual({ path: 'p', problem: 'expected 2 float64 values (16 bytes), got 24 bytes' })
    expect(problemOf(() => decodeFloat64(btoa('abc'), 1, 'p')).problem).toBe('expected 1 float64 values (8 bytes), got 3 bytes')
  })

  it('refuses values that are not finite, unless told not to', () => {
    const text = encodeFloat64([1, NaN, Infinity])
    expect(problemOf(() => decodeFloat64(text, 3, 'p'))).toEqual({ path: 'p', problem: 'value 1 is NaN; weights must be finite numbers' })
    expect(problemOf(() => decodeFloat64(encodeFloat64([-Infinity]), 1)).problem).toBe('value 0 is -Infinity; weights must be finite numbers')
    expect(Array.from(decodeFloat64(text, 3, 'p', { finite: false }))).toEqual([1, NaN, Infinity])
  })

  it('refuses arrays whose names or shapes do not fit the layout, naming the array', () => {
    const arrays = encodeWeightArrays(params, layout)
    const wrongShape = arrays.map((a) => (a.name === 'V1' ? { ...a, shape: [9] } : a))
    expect(problemOf(() => decodeWeightArrays(wrongShape, layout, 'w'))).toEqual({ path: 'w[1].shape', problem: 'V1 should have shape [3, 3], got [9]' })
    const unknown = [...arrays, { name: 'V2', shape: [1, 1], data: encodeFloat64([0]) }]
    expect(problemOf(() => decodeWeightArrays(unknown, layout))).toEqual({ path: 'weights.arrays[5].name', problem: 'V2 is not part of this network (expected W0, V1, b1, W1, b2)' })
    expect(problemOf(() => decodeWeightArrays([...arrays, arrays[0]], layout)).problem).toBe('W0 appears twice')
    expect(problemOf(() => decodeWeightArrays(arrays.slice(0, 3), layout))).toEqual({ path: 'weights.arrays', problem: 'missing W1, b2' })
  })

  it('gives a layout and the weights laid out for it the same shape key, another network another key', () => {
    const key = shapeKey(layout.entries)
    expect(key).toBe('W0:3x2,V1:3x3,b1:3,W1:1x3,b2:1')
    expect(shapeKey(encodeWeightArrays(params, layout))).toBe(key)
    const wider = paramLayout(normalizeNetworkSpec({ inputSize: 2, hidden: [{ units: 4 }], output: { units: 1 } }))
    expect(shapeKey(wider.entries)).not.toBe(key)
  })
})
