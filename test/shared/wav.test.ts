import { describe, expect, it } from 'vitest'
import { decodeWav, fromBase64, toBase64 } from '../../src/shared/wav.js'

function wav(samples: number[], rate = 22050, dataSize?: number): Uint8Array {
  const b = new Uint8Array(44 + 2 * samples.length)
  const v = new DataView(b.buffer)
  const put = (at: number, s: string) => [...s].forEach((c, i) => (b[at + i] = c.charCodeAt(0)))
  put(0, 'RIFF'); v.setUint32(4, 36 + 2 * samples.length, true); put(8, 'WAVE')
  put(12, 'fmt '); v.setUint32(16, 16, true); v.setUint16(20, 1, true); v.setUint16(22, 1, true); v.setUint32(24, rate, true)
  v.setUint32(28, rate * 2, true); v.setUint16(32, 2, true); v.setUint16(34, 16, true)
  put(36, 'data'); v.setUint32(40, dataSize ?? 2 * samples.length, true)
  samples.forEach((s, i) => v.setInt16(44 + 2 * i, s, true))
  return b
}

describe('decodeWav', () => {
  it('reads 16-bit PCM mono, also with the unfinished data size eSpeak leaves', () => {
    const d = decodeWav(wav([0, 16384, -32768], 16000))
    expect(d.sampleRate).toBe(16000)
    expect(Array.from(d.samples)).toEqual([0, 0.5, -1])
    expect(decodeWav(wav([1, 2], 22050, 0x7fffffff)).samples).toHaveLength(2)
  })
  it('refuses what it cannot read', () => {
    expect(() => decodeWav(new Uint8Array(10))).toThrow(/not a WAV/)
    const stereo = wav([1, 2])
    new DataView(stereo.buffer).setUint16(22, 2, true)
    expect(() => decodeWav(stereo)).toThrow(/16-bit PCM mono/)
  })
})

describe('base64', () => {
  it('round-trips bytes of every length and matches the standard alphabet', () => {
    for (let n = 0; n < 10; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 97 + 251) & 255)
      expect(fromBase64(toBase64(bytes))).toEqual(bytes)
    }
    expect(toBase64(new TextEncoder().encode('hello!?'))).toBe('aGVsbG8hPw==')
  })
})
