/**
 * Reading the WAV files eSpeak NG writes (RIFF, 16-bit PCM, mono): the host's speech tests and the window's
 * player both decode synthesized words with this, so both see the same samples. Other WAV variants are refused
 * with a clear error rather than guessed at.
 */

/** One decoded sound: samples in [-1, 1), one channel. */
export interface DecodedWav {
  sampleRate: number
  samples: Float32Array
}

export function decodeWav(bytes: Uint8Array): DecodedWav {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const text = (at: number) => String.fromCharCode(bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3])
  if (bytes.length < 12 || text(0) !== 'RIFF' || text(8) !== 'WAVE') throw new Error('not a WAV file')
  let sampleRate = 0
  let format = 0
  let channels = 0
  let bits = 0
  // chunks: 4-byte id, 4-byte little-endian size, data (padded to even size)
  for (let at = 12; at + 8 <= bytes.length; ) {
    const id = text(at)
    const declared = view.getUint32(at + 4, true)
    // eSpeak writing to a file it cannot seek leaves the data size as 0x7fffffff: take what is there
    const size = Math.min(declared, bytes.length - at - 8)
    if (id === 'fmt ') {
      format = view.getUint16(at + 8, true)
      channels = view.getUint16(at + 10, true)
      sampleRate = view.getUint32(at + 12, true)
      bits = view.getUint16(at + 22, true)
    } else if (id === 'data') {
      if (format !== 1 || channels !== 1 || bits !== 16) throw new Error(`unsupported WAV: format ${format}, ${channels} channels, ${bits} bits (expected 16-bit PCM mono)`)
      const samples = new Float32Array(size >> 1)
      for (let i = 0; i < samples.length; i++) samples[i] = view.getInt16(at + 8 + 2 * i, true) / 32768
      return { sampleRate, samples }
    }
    at += 8 + size + (size & 1)
  }
  throw new Error('the WAV file has no data')
}

/** Base64 of bytes (IPC carries the WAV as text, as JSON would), and back; no Node or DOM Buffer needed. */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
export function toBase64(bytes: Uint8Array): string {
  let out = ''
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0)
    out += ALPHABET[(n >> 18) & 63] + ALPHABET[(n >> 12) & 63] + (i + 1 < bytes.length ? ALPHABET[(n >> 6) & 63] : '=') + (i + 2 < bytes.length ? ALPHABET[n & 63] : '=')
  }
  return out
}
export function fromBase64(text: string): Uint8Array {
  const clean = text.replace(/=+$/, '')
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4))
  let bits = 0
  let value = 0
  let o = 0
  for (const ch of clean) {
    const v = ALPHABET.indexOf(ch)
    if (v < 0) throw new Error('not base64 text')
    value = ((value << 6) | v) & 0xffff // at most 14 pending bits matter
    bits += 6
    if (bits >= 8) {
      bits -= 8
      out[o++] = (value >> bits) & 255
    }
  }
  return out
}
