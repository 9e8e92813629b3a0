// The charts' data shaping (src/renderer/charts/series.ts): plain functions, no DOM.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { decadeAbove, decadeBelow, downsample, drawable, EpochSampler, epochSeries, gradNormSeries, GradNormSampler, MinMaxSampler, heatmap, outputSeries, shortNumber, stateScale, symmetricRange, throttle } from '../../src/renderer/charts/series'

describe('downsample', () => {
  it('returns short series whole, at x0 + i', () => {
    expect(downsample(3, (i) => [5, 4, 3][i], 10, 7)).toEqual([
      [7, 5],
      [8, 4],
      [9, 3],
    ])
  })

  it('caps the count and keeps the first, the last and every extreme', () => {
    const n = 100_000
    const ys = Array.from({ length: n }, (_, i) => Math.exp(-i / 20_000) + 0.01 * Math.sin(i))
    ys[12_345] = 50 // a spike
    ys[67_890] = -3 // a dip
    const points = downsample(n, (i) => ys[i], 2000, 1)
    expect(points.length).toBeLessThanOrEqual(2000)
    expect(points.length).toBeGreaterThan(1000) // buckets merge pairwise: between half the budget and all of it
    expect(points[0]).toEqual([1, ys[0]])
    expect(points.at(-1)).toEqual([n, ys[n - 1]])
    expect(points).toContainEqual([12_346, 50])
    expect(points).toContainEqual([67_891, -3])
    // x increases, and every point is a real sample
    for (let k = 1; k < points.length; k++) expect(points[k][0]).toBeGreaterThan(points[k - 1][0])
    for (const [x, y] of points) expect(y).toBe(ys[x - 1])
    // the drawn range is the data's range
    const drawn = points.map((p) => p[1]!)
    expect(Math.max(...drawn)).toBe(50)
    expect(Math.min(...drawn)).toBe(-3)
  })

  it('keeps a gap where a whole bucket has nothing to draw', () => {
    const n = 10_000
    const points = downsample(n, (i) => (i >= 4000 && i < 6000 ? null : i), 100)
    expect(points.length).toBeLessThanOrEqual(100)
    expect(points.some(([x, y]) => y === null && x >= 4000 && x < 6000)).toBe(true)
    expect(points.filter(([, y]) => y !== null).every(([x]) => x < 4000 || x >= 6000)).toBe(true)
  })

  it('handles empty and single-value series', () => {
    expect(downsample(0, () => 1)).toEqual([])
    expect(downsample(1, () => 2, 2000, 10)).toEqual([[10, 2]])
  })
})

describe('MinMaxSampler', () => {
  it('fed in pieces, draws what it draws when fed at once, within the cap at every size', () => {
    const ys = Array.from({ length: 50_000 }, (_, i) => Math.sin(i / 300) * Math.exp(-i / 10_000) + (i % 977 === 0 ? 5 : 0))
    const growing = new MinMaxSampler(500, 1)
    for (let n = 0; n <= ys.length; n += 1 + (n % 613)) {
      growing.update(n, (i) => ys[i])
      const points = growing.points()
      expect(points.length).toBeLessThanOrEqual(500)
      if (n > 0) {
        expect(points[0]).toEqual([1, ys[0]])
        expect(points.at(-1)).toEqual([n, ys[n - 1]])
      }
    }
    growing.update(ys.length, (i) => ys[i])
    expect(growing.points()).toEqual(new MinMaxSampler(500, 1).update(ys.length, (i) => ys[i]).points())
    // every spike of 5 survives
    const spikes = growing.points().filter(([, y]) => y !== null && y > 4).length
    expect(spikes).toBe(Math.ceil(ys.length / 977))
  })

  it('reads each value once', () => {
    const s = new MinMaxSampler(100)
    let reads = 0
    const get = (i: number) => (reads++, i)
    for (let n = 0; n <= 10_000; n += 100) s.update(n, get)
    expect(reads).toBe(10_000)
  })
})

describe('EpochSampler and GradNormSampler', () => {
  it('follow a growing run like a fresh sampling of the whole history', () => {
    const losses: number[] = []
    const norms: number[][] = []
    const loss = new EpochSampler(100, true, 300)
    const grad = new GradNormSampler(100, true, 300)
    for (let e = 0; e < 5000; e++) {
      losses.push(e % 1000 === 999 ? 0 : 1 / (e + 1))
      norms.push([1 / (e + 1), e % 7])
      if (e % 97 === 0) {
        loss.update(losses)
        grad.update(norms)
      }
    }
    expect(loss.update(losses)).toEqual(epochSeries(losses, 100, { log: true, maxPoints: 300 }))
    expect(loss.update(losses).hidden).toBe(5)
    expect(grad.update(norms)).toEqual(gradNormSeries(norms, 100, { maxPoints: 300 }))
    expect(() => loss.update(losses.slice(0, 10))).toThrow(/only grows/)
  })
})

describe('epochSeries', () => {
  it('puts value i at absolute epoch startEpoch + i + 1', () => {
    expect(epochSeries([3, 2, 1], 200).points).toEqual([
      [201, 3],
      [202, 2],
      [203, 1],
    ])
  })

  it('leaves zero and negative losses out on a log scale, and counts them', () => {
    const s = epochSeries([1, 0.5, 0, -1e-18, 0.25], 0, { log: true })
    expect(s.points).toEqual([
      [1, 1],
      [2, 0.5],
      [3, null],
      [4, null],
      [5, 0.25],
    ])
    expect(s.hidden).toBe(2)
    const linear = epochSeries([1, 0, -1], 0)
    expect(linear.points.map((p) => p[1])).toEqual([1, 0, -1])
    expect(linear.hidden).toBe(0)
  })

  it('never draws NaN or infinities', () => {
    expect(epochSeries([1, NaN, Infinity, 2], 0).points.map((p) => p[1])).toEqual([1, null, null, 2])
    expect(drawable(-Infinity)).toBeNull()
    expect(drawable(0, true)).toBeNull()
    expect(drawable(0)).toBe(0)
  })

  it('downsamples long histories with the epochs kept absolute', () => {
    const losses = Array.from({ length: 200_000 }, (_, i) => 1 / (i + 1))
    const s = epochSeries(losses, 3000, { log: true, maxPoints: 2000 })
    expect(s.points.length).toBeLessThanOrEqual(2000)
    expect(s.points[0]).toEqual([3001, 1])
    expect(s.points.at(-1)).toEqual([203_000, 1 / 200_000])
  })
})

describe('gradNormSeries', () => {
  it('gives one series per layer over absolute epochs, zeros left out on the log scale', () => {
    const g = [
      [1, 10],
      [0.5, 0],
      [0.25, 2.5],
    ]
    expect(gradNormSeries(g, 10)).toEqual([
      [
        [11, 1],
        [12, 0.5],
        [13, 0.25],
      ],
      [
        [11, 10],
        [12, null],
        [13, 2.5],
      ],
    ])
    expect(gradNormSeries([], 0)).toEqual([])
  })
})

describe('outputSeries', () => {
  it('splits T × ℓ row-major outputs per unit and leaves gaps where there is no target', () => {
    // T = 3, ℓ = 2: y_t = [10t, 10t + 1]
    const outputs = [0, 1, 10, 11, 20, 21]
    const { y, z } = outputSeries(outputs, 2, [null, [0.5, 0.6], [0.7, 0.8]])
    expect(y).toEqual([
      [
        [0, 0],
        [1, 10],
        [2, 20],
      ],
      [
        [0, 1],
        [1, 11],
        [2, 21],
      ],
    ])
    expect(z).toEqual([
      [
        [0, null],
        [1, 0.5],
        [2, 0.7],
      ],
      [
        [0, null],
        [1, 0.6],
        [2, 0.8],
      ],
    ])
  })

  it('treats missing teacher steps (z shorter than u) as no target', () => {
    const { z } = outputSeries([1, 2, 3], 1, [[1]])
    expect(z[0]).toEqual([
      [0, 1],
      [1, null],
      [2, null],
    ])
  })
})

describe('heatmap', () => {
  it('maps cell (r, c) to flat[r * cols + c]', () => {
    // 3 steps × 2 units: value = 10 t + i
    const flat = [0, 1, 10, 11, 20, 21]
    const h = heatmap(flat, 3, 2)
    expect(h.cells).toHaveLength(6)
    for (const [r, c, v] of h.cells) expect(v).toBe(10 * r + c)
    expect(h.cells).toContainEqual([2, 1, 21])
    expect(h.cells).toContainEqual([1, 0, 10])
    expect([h.min, h.max]).toEqual([0, 21])
    expect(h.rowStarts).toEqual([0, 1, 2])
    expect(h.colStarts).toEqual([0, 1])
  })

  it('averages blocks when the array is larger than the cap', () => {
    // 4 × 4, capped to 2 × 2 blocks
    const flat = Array.from({ length: 16 }, (_, k) => k)
    const h = heatmap(flat, 4, 4, { maxRows: 2, maxCols: 2 })
    expect([h.rowStep, h.colStep]).toEqual([2, 2])
    expect(h.rowStarts).toEqual([0, 2])
    expect(h.cells).toEqual([
      [0, 0, (0 + 1 + 4 + 5) / 4],
      [0, 1, (2 + 3 + 6 + 7) / 4],
      [1, 0, (8 + 9 + 12 + 13) / 4],
      [1, 1, (10 + 11 + 14 + 15) / 4],
    ])
    // an uneven last block averages what it has
    const odd = heatmap([1, 2, 3], 3, 1, { maxRows: 2 })
    expect(odd.cells).toEqual([
      [0, 0, 1.5],
      [1, 0, 3],
    ])
  })

  it('refuses arrays too short for their shape, and has no range without finite values', () => {
    expect(() => heatmap([1, 2, 3], 2, 2)).toThrow(/2 × 2 = 4 values, got 3/)
    const h = heatmap([NaN], 1, 1)
    expect(h.cells).toEqual([[0, 0, null]])
    expect([h.min, h.max]).toEqual([null, null])
  })
})

describe('colour scales', () => {
  it('diverging scales are symmetric around zero', () => {
    expect(symmetricRange(-0.5, 2)).toEqual([-2, 2])
    expect(symmetricRange(-3, 1)).toEqual([-3, 3])
    expect(symmetricRange(0, 0)).toEqual([-1, 1])
    expect(symmetricRange(null, null)).toEqual([-1, 1])
  })

  it('hidden states use the activation’s range, or the data’s when it leaves it', () => {
    expect(stateScale('sigmoid', 0.1, 0.9)).toEqual({ range: [0, 1], diverging: false })
    expect(stateScale(undefined, 0.1, 0.9)).toEqual({ range: [0, 1], diverging: false })
    expect(stateScale('tanh', -0.2, 0.3)).toEqual({ range: [-1, 1], diverging: true })
    expect(stateScale('relu', 0, 4)).toEqual({ range: [0, 4], diverging: false })
    expect(stateScale('linear', -5, 2)).toEqual({ range: [-5, 5], diverging: true })
  })
})

describe('log axis extent', () => {
  it('runs from the decade below the smallest value to the decade above the largest', () => {
    expect(decadeBelow({ min: 5.6e-14 })).toBeCloseTo(1e-14, 28)
    expect(decadeAbove({ max: 18 })).toBe(100)
    expect(decadeBelow({ min: 0.01 })).toBeCloseTo(0.01, 16)
    expect(decadeAbove({ max: 1 })).toBe(1)
  })
})

describe('shortNumber', () => {
  it('writes axis numbers in a few characters', () => {
    expect(shortNumber(0)).toBe('0')
    expect(shortNumber(0.012345)).toBe('0.0123')
    expect(shortNumber(1234)).toBe('1230')
    expect(shortNumber(1.5e-6)).toBe('1.5e-6')
    expect(shortNumber(1e-5)).toBe('1e-5')
    expect(shortNumber(-2e6)).toBe('-2e+6')
  })
})

describe('throttle', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('runs at once, then at most once per interval, with the last call never lost', () => {
    vi.useFakeTimers()
    const fn = vi.fn()
    const t = throttle(fn, 200)
    t()
    expect(fn).toHaveBeenCalledTimes(1)
    for (let k = 0; k < 50; k++) {
      vi.advanceTimersByTime(10)
      t()
    }
    // 500 ms of calls every 10 ms: the first at 0, then 200, 400 and one pending
    expect(fn).toHaveBeenCalledTimes(3)
    vi.advanceTimersByTime(200)
    expect(fn).toHaveBeenCalledTimes(4)
    vi.advanceTimersByTime(1000)
    expect(fn).toHaveBeenCalledTimes(4)
  })

  it('cancel drops the pending call', () => {
    vi.useFakeTimers()
    const fn = vi.fn()
    const t = throttle(fn, 200)
    t()
    t()
    t.cancel()
    vi.advanceTimersByTime(1000)
    expect(fn).toHaveBeenCalledTimes(1)
  })
})
