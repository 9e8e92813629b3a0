/**
 * NETtalk's readings spoken aloud, off main's thread: one long-lived worker thread (speech-worker.ts, started on
 * the first request and kept, since compiling eSpeak NG's 18 MB WebAssembly takes about half a second) turns
 * each word's NETtalk phonemes and stress marks, mapped by the core's one table (toEspeakPhonemes), into WAV
 * bytes. Requests are answered in order. A worker that fails is dropped; the next request starts a new one.
 */
import { pathToFileURL } from 'node:url'
import type { Worker } from 'node:worker_threads'
import { toEspeakPhonemes } from '../../core/nettalk/index.js'
import type { SpeakRequest, SpeakResult } from '../../shared/ipc.js'
import { toBase64 } from '../../shared/wav.js'
import { startWorker } from '../worker-thread.js'
import type { SpeechAnswerMessage, SpeechRequestMessage } from './speech-worker.js'

export interface Speaker {
  /** One WAV (base64) per word, in order. Unknown symbols are refused before anything is synthesized. */
  speak(request: SpeakRequest): Promise<SpeakResult>
  /** Ends the worker thread (requests under way fail). */
  close(): Promise<void>
}

function defaultEntry(): URL {
  const self = new URL(import.meta.url)
  return new URL(self.pathname.endsWith('.ts') ? './speech-worker.ts' : './speech-worker.js', self)
}

/** `workerEntry`: the worker module; default speech-worker.ts (or .js) beside this file; a bundled app passes
 *  its built entry (electron-vite: `?modulePath`). */
export function workerSpeaker(opts: { workerEntry?: string } = {}): Speaker {
  const entry = opts.workerEntry === undefined ? defaultEntry() : opts.workerEntry.startsWith('file:') ? new URL(opts.workerEntry) : pathToFileURL(opts.workerEntry)
  let worker: Worker | undefined
  let nextId = 1
  const pending = new Map<number, { resolve: (wavs: Uint8Array[]) => void; reject: (e: Error) => void }>()
  const failAll = (message: string) => {
    worker = undefined
    for (const p of pending.values()) p.reject(new Error(message))
    pending.clear()
  }
  const started = (): Worker => {
    if (worker) return worker
    const w = startWorker(entry, {})
    w.unref() // an idle speaker never keeps the process alive
    w.on('message', (m: SpeechAnswerMessage) => {
      const p = pending.get(m.id)
      pending.delete(m.id)
      if (m.ok) p?.resolve(m.wavs)
      else p?.reject(new Error(`speech failed: ${m.message}`))
    })
    w.on('error', (e: Error) => failAll(`speech failed: ${e.message}`))
    w.on('exit', (code) => {
      if (worker === w) failAll(`the speech worker stopped (exit code ${code})`)
    })
    return (worker = w)
  }
  return {
    async speak({ words }) {
      const input = words.map((w) => toEspeakPhonemes(w.phonemes, w.stress)) // throws on unknown symbols
      const id = nextId++
      const wavs = await new Promise<Uint8Array[]>((resolve, reject) => {
        pending.set(id, { resolve, reject })
        started().postMessage({ id, words: input } satisfies SpeechRequestMessage)
      })
      return { wavs: wavs.map((w) => toBase64(w)) }
    },
    async close() {
      const w = worker
      worker = undefined
      failAll('the speech worker was closed')
      await w?.terminate()
    },
  }
}
