// NETtalk data sets: one sequence per word; the delay of the recurrent variant; networks that fit.
import { describe, expect, it } from 'vitest'
import { createCodec, nettalkDataset, nettalkNetwork, normalizeNettalkSpec, parameterCount, stepOfLetter, wordsDataset } from '../../../src/core/nettalk/index.js'

const table = { word: 'table', phonemes: 'tebL-', stress: '>1<<<' }
const ones = (v: ArrayLike<number>) => Array.from(v).flatMap((x, i) => (x === 1 ? [i] : []))

describe('nettalkDataset', () => {
  it('feed-forward (delay 0): one step per letter, window and target of that letter', () => {
    const data = nettalkDataset([table, { word: 'a', phonemes: 'x', stress: '0' }])
    expect([data.inputSize, data.outputSize]).toEqual([203, 26])
    expect(data.sequences.map((s) => s.u.length)).toEqual([5, 1])
    const codec = createCodec()
    const u = new Float64Array(203)
    const z = new Float64Array(26)
    for (let t = 0; t < 5; t++) {
      codec.encodeWindow('table', t, u)
      codec.encodeTarget(table.phonemes[t], table.stress[t], z)
      expect(data.sequences[0].u[t]).toEqual(Array.from(u))
      expect(data.sequences[0].z[t]).toEqual(Array.from(z))
    }
  })

  it('recurrent (delay d): L + d steps, no target for the first d, letter i answered at step i + d', () => {
    const spec = { window: 3, delay: 2 }
    const data = nettalkDataset([table], spec)
    const seq = data.sequences[0]
    expect(data.inputSize).toBe(87)
    expect(seq.u).toHaveLength(7)
    expect(seq.z.slice(0, 2)).toEqual([null, null])
    const codec = createCodec(spec)
    const z = new Float64Array(26)
    codec.encodeTarget('t', '>', z)
    expect(seq.z[2]).toEqual(Array.from(z)) // the t of "table" at step 2
    codec.encodeTarget('-', '<', z)
    expect(seq.z[6]).toEqual(Array.from(z)) // the silent e at step 6
    expect(ones(seq.u[5])).toEqual([4, 29 + 26, 58 + 26]) //  step 5: "e__"
    expect(ones(seq.u[6])).toEqual([26, 29 + 26, 58 + 26]) // step 6: "___"
  })

  it('right to left: step t reads letter L−1−t; with delay d it answers for the letter read d steps before', () => {
    const spec = { window: 3, delay: 1, direction: 'right-to-left' as const }
    const seq = nettalkDataset([table], spec).sequences[0]
    const codec = createCodec(spec)
    const u = new Float64Array(87)
    const z = new Float64Array(26)
    const reads = [4, 3, 2, 1, 0, -1] // e, l, b, a, t, then a step centred before the word
    reads.forEach((letter, t) => {
      codec.encodeWindow('table', letter, u)
      expect(seq.u[t]).toEqual(Array.from(u))
    })
    expect(ones(seq.u[5])).toEqual([26, 29 + 26, 58 + 19]) // "__t"
    expect(seq.z[0]).toBeNull()
    codec.encodeTarget('-', '<', z)
    expect(seq.z[1]).toEqual(Array.from(z)) // the e, read at step 0
    codec.encodeTarget('t', '>', z)
    expect(seq.z[5]).toEqual(Array.from(z)) // the t, read at step 4
    const normalized = normalizeNettalkSpec(spec)
    expect([0, 1, 2, 3, 4].map((i) => stepOfLetter(i, 5, normalized))).toEqual([5, 4, 3, 2, 1])
    expect([0, 1, 2, 3, 4].map((i) => stepOfLetter(i, 5, normalizeNettalkSpec({ delay: 2 })))).toEqual([2, 3, 4, 5, 6])
  })

  it('one-hot output coding: 57 outputs', () => {
    expect(nettalkDataset([table], { outputCoding: 'one-hot' }).outputSize).toBe(57)
  })

  it('refuses words that do not fit', () => {
    expect(() => nettalkDataset([{ word: 'table', phonemes: 'teb', stress: '>1<<<' }])).toThrow('"table" has 5 letters but 3 phonemes')
    expect(() => wordsDataset(['Table'])).toThrow('only the letters a–z can be pronounced, not "T"')
    expect(() => wordsDataset([''])).toThrow('expected a word')
    expect(wordsDataset(['ab'], { delay: 1 }).sequences[0].z).toEqual([null, null, null])
  })
})

describe('nettalkNetwork', () => {
  it('builds the paper’s 203 → 120 → 26 net (27,626 weights and biases) and the Elman variant', () => {
    const paper = nettalkNetwork({}, { hidden: 120 })
    expect(paper).toEqual({
      inputSize: 203,
      hidden: [{ units: 120, activation: 'sigmoid', recurrent: false, bias: true }],
      output: { units: 26, activation: 'sigmoid', recurrent: false, bias: true },
    })
    expect(parameterCount(paper)).toBe(203 * 120 + 120 + 120 * 26 + 26)
    const elman = nettalkNetwork({ window: 1, delay: 3 }, { hidden: 140, recurrent: true })
    expect(parameterCount(elman)).toBe(29 * 140 + 140 * 140 + 140 + 140 * 26 + 26)
    expect(nettalkNetwork({}, { hidden: 0 }).hidden).toEqual([])
  })
})
