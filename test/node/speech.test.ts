// NETtalk spoken by eSpeak NG in a worker thread (src/node/speech): real audio for corpus words, decoded as the
// window decodes it. Nothing here depends on timing: only the samples are compared.
import { afterAll, describe, expect, it } from 'vitest'
import { NETTALK_TO_ESPEAK } from '../../src/core/nettalk/index.js'
import { loadEspeak } from '../../src/node/speech/espeak.js'
import { workerSpeaker } from '../../src/node/speech/index.js'
import { decodeWav, fromBase64 } from '../../src/shared/wav.js'

const speaker = workerSpeaker()
afterAll(() => speaker.close())

const rms = (x: Float32Array) => Math.sqrt(x.reduce((s, v) => s + v * v, 0) / Math.max(1, x.length))

describe('workerSpeaker', () => {
  it('speaks corpus words: non-silent, different words differ, longer words last longer', async () => {
    const words = [
      { phonemes: 'b^t', stress: '>1<' }, // but
      { phonemes: 'tebL-', stress: '>1>>0' }, // table
      { phonemes: 'f-otxgr@f-Ik', stress: '>>2<0>>1<<0<' }, // photographic
    ]
    const { wavs } = await speaker.speak({ words })
    expect(wavs).toHaveLength(3)
    const sounds = wavs.map((w) => decodeWav(fromBase64(w)))
    for (const s of sounds) {
      expect(s.sampleRate).toBe(22050)
      expect(rms(s.samples)).toBeGreaterThan(0.01) // clearly audible, not silence
    }
    const [but, table, photographic] = sounds.map((s) => s.samples.length / s.sampleRate)
    expect(but).toBeLessThan(table)
    expect(table).toBeLessThan(photographic)
    expect(photographic).toBeLessThan(3)
    // different words, different sounds (not only lengths: the first 0.2 s differ too)
    const head = (s: Float32Array) => Array.from(s.subarray(0, 4410))
    expect(head(sounds[0].samples)).not.toEqual(head(sounds[1].samples))
  }, 60_000)

  it('says the same word the same way, and stress changes the sound', async () => {
    const { wavs } = await speaker.speak({ words: [{ phonemes: 'tebL-', stress: '>1>>0' }, { phonemes: 'tebL-', stress: '>1>>0' }, { phonemes: 'tebL-', stress: '>0>>1' }] })
    expect(wavs[0]).toBe(wavs[1])
    expect(wavs[2]).not.toBe(wavs[0])
  }, 60_000)

  it('a word of silent letters gives a (near) empty sound; unknown symbols are refused before synthesis', async () => {
    const { wavs } = await speaker.speak({ words: [{ phonemes: '--', stress: '00' }] })
    const s = decodeWav(fromBase64(wavs[0]))
    expect(s.samples.length / s.sampleRate).toBeLessThan(0.5)
    await expect(speaker.speak({ words: [{ phonemes: 'tq', stress: '>1' }] })).rejects.toThrow(/unknown NETtalk phoneme "q"/)
  }, 60_000)
})

describe('NETTALK_TO_ESPEAK in eSpeak NG', () => {
  it('every mapped mnemonic is a phoneme (or phonemes) eSpeak knows: it reads them back as written', async () => {
    const espeak = await loadEspeak()
    const values = [...new Set(Object.values(NETTALK_TO_ESPEAK.phonemes).filter((v) => v !== ''))]
    // each between two b's, stressed, in one input: eSpeak writes back one word per item
    const back = (await espeak.echo(values.map((v) => `b'${v}b`).join(' '))).split(/\s+/)
    expect(back).toHaveLength(values.length)
    values.forEach((v, i) => expect(back[i].replace(/[_']/g, ''), v).toBe(`b${v}b`))
  }, 60_000)
})
