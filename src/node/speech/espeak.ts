/**
 * eSpeak NG (GPL-3.0-or-later; the espeak-ng package: its command line compiled to WebAssembly, with the voice
 * data inside the .wasm) speaking eSpeak phoneme input (`[[...]]`, src/core/nettalk/speech.ts) into WAV bytes.
 * Runs on whatever thread calls it: the app calls it in a worker thread (speech-worker.ts), never on main.
 * The 18 MB module is compiled once; each word gets a fresh instance (the Emscripten build runs the command
 * line's main once per instance), about 0.2–0.5 s.
 */
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import ESpeakNg from 'espeak-ng'

/** The part of the WebAssembly JS API used here (the node layer is typed without DOM). */
interface WasmApi {
  compile(bytes: Uint8Array): Promise<object>
  instantiate(module: object, imports: object): Promise<object>
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly

/** The voice: eSpeak's American English (NETtalk's dictionary is American). */
export const ESPEAK_VOICE = 'en-us'
/** Words per minute (eSpeak's default is 175): a little slower, so a student can follow. */
export const ESPEAK_SPEED = 140

export interface Espeak {
  /** WAV bytes (16-bit PCM mono, 22,050 Hz) of eSpeak phoneme mnemonics, e.g. "t'eIb@L". */
  say(phonemes: string): Promise<Uint8Array>
  /** The phonemes eSpeak reads in the input, as it writes them back (`-x`), separated by `_`: an unknown
   *  mnemonic does not come back as itself (the mapping table's test uses this). */
  echo(phonemes: string): Promise<string>
}

/** Loads and compiles eSpeak NG's WebAssembly from the installed package (no network). */
export async function loadEspeak(): Promise<Espeak> {
  const wasmPath = fileURLToPath(new URL('./espeak-ng.wasm', import.meta.resolve('espeak-ng')))
  const module = await wasm.compile(await readFile(wasmPath))
  const run = async (phonemes: string, args: string[], file: string): Promise<Uint8Array> => {
    if (/[[\]]/.test(phonemes)) throw new Error('eSpeak phoneme input cannot contain [ or ]')
    const errors: string[] = []
    const es = await ESpeakNg({
      arguments: ['-v', ESPEAK_VOICE, ...args, `[[${phonemes}]]`],
      print: () => {},
      printErr: (text) => errors.push(text),
      instantiateWasm(imports, done) {
        wasm.instantiate(module, imports).then((instance: object) => done(instance, module), (e: Error) => errors.push(e.message))
        return {}
      },
    })
    try {
      return es.FS.readFile(file)
    } catch {
      throw new Error(`eSpeak NG wrote nothing${errors.length ? `: ${errors.join('; ')}` : ''}`)
    }
  }
  return {
    say: (phonemes) => run(phonemes, ['-s', String(ESPEAK_SPEED), '-w', '/out.wav'], '/out.wav'),
    echo: async (phonemes) => new TextDecoder().decode(await run(phonemes, ['-q', '-x', '--sep=_', '--phonout=/phonemes.txt'], '/phonemes.txt')).trim(),
  }
}
