// Playing NETtalk's readings: the host synthesizes (nettalk:speak, eSpeak NG in a worker thread there), the
// window decodes the WAV files (src/shared/wav.ts) and plays the samples through one Web Audio context, one
// word after another. The played sample count is kept so that tests (and a curious user) can see what played.
import { api } from './api'
import { decodeWav, fromBase64, type DecodedWav } from '../shared/wav'
import { decodeFloat64 } from '../shared/weights-codec'
import { normalizeNetworkSpec, paramLayout, type NetworkSpec } from '../core/index'

export type Reading = { phonemes: string; stress: string }

/** The sounds of words, in order (one request to the host). */
export async function synthesize(words: Reading[]): Promise<DecodedWav[]> {
  const { wavs } = await api.nettalk.speak({ words })
  return wavs.map((w) => decodeWav(fromBase64(w)))
}

let context: AudioContext | null = null
let playing: AudioBufferSourceNode[] = []

/** Stops whatever is playing. */
export function stopSounds(): void {
  for (const s of playing) {
    s.onended = null
    s.stop()
  }
  playing = []
}

/**
 * Plays sounds one after another with a short pause between them; `onWord(i)` when word i starts, `onEnd` after
 * the last. Returns the number of samples handed to the audio context.
 */
export async function playSounds(sounds: DecodedWav[], on: { onWord?: (i: number) => void; onEnd?: () => void } = {}): Promise<number> {
  stopSounds()
  context ??= new AudioContext()
  if (context.state === 'suspended') await context.resume()
  const ctx = context
  const GAP = 0.35 // seconds between words
  let t = ctx.currentTime + 0.05
  let samples = 0
  const sources = sounds.map((s, i) => {
    const buffer = ctx.createBuffer(1, Math.max(1, s.samples.length), s.sampleRate)
    buffer.copyToChannel(s.samples as Float32Array<ArrayBuffer>, 0)
    samples += s.samples.length
    const source = ctx.createBufferSource()
    source.buffer = buffer
    source.connect(ctx.destination)
    const start = t
    source.start(start)
    t += buffer.duration + GAP
    // tell when word i starts (a timer from the context's clock; the sound itself is scheduled exactly)
    setTimeout(() => playing.includes(source) && on.onWord?.(i), Math.max(0, (start - ctx.currentTime) * 1000))
    return source
  })
  const last = sources.at(-1)
  if (last)
    last.onended = () => {
      playing = []
      on.onEnd?.()
    }
  playing = sources
  return samples
}

/** The weights a run kept at log-spaced epochs (training:snapshots), decoded; non-finite values are kept. */
export async function runSnapshots(runId: string): Promise<{ network: NetworkSpec; snapshots: { epoch: number; params: Float64Array }[] }> {
  const { network, snapshots } = await api.training.snapshots(runId)
  const size = paramLayout(normalizeNetworkSpec(network)).size
  return { network, snapshots: snapshots.map((s) => ({ epoch: s.epoch, params: decodeFloat64(s.params, size, `epoch ${s.epoch}`, { finite: false }) })) }
}
