/**
 * The speech worker thread: loads eSpeak NG once (espeak.ts) and answers each request, in order, with the WAV
 * bytes of its words. Started by workerSpeaker (index.ts); main's own thread never synthesizes.
 */
import { parentPort } from 'node:worker_threads'
import { loadEspeak } from './espeak.js'

export interface SpeechRequestMessage {
  id: number
  /** eSpeak phoneme input per word (without the [[ ]]). */
  words: string[]
}
export type SpeechAnswerMessage = { id: number; ok: true; wavs: Uint8Array[] } | { id: number; ok: false; message: string }

const port = parentPort
if (!port) throw new Error('speech-worker runs as a worker thread')
const espeak = loadEspeak()
let queue: Promise<void> = Promise.resolve()
port.on('message', (m: SpeechRequestMessage) => {
  queue = queue.then(async () => {
    try {
      const es = await espeak
      const wavs: Uint8Array[] = []
      for (const w of m.words) wavs.push(await es.say(w))
      port.postMessage({ id: m.id, ok: true, wavs } satisfies SpeechAnswerMessage)
    } catch (e) {
      port.postMessage({ id: m.id, ok: false, message: (e as Error).message } satisfies SpeechAnswerMessage)
    }
  })
})
