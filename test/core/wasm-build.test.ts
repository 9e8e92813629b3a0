// The committed WASM module is what the AssemblyScript source compiles to: recompiling with the build
// script gives the committed generated module byte for byte (npm run build:wasm rewrites it).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { GENERATED, compileKernels, generatedModule } from '../../scripts/build-wasm.js'
import { KERNELS_WASM_BASE64 } from '../../src/core/kernels-wasm.generated.js'
import { decodeBase64 } from '../../src/core/index.js'

describe('the WASM kernels module', () => {
  it('is current: compiling src/core/wasm/kernels.ts gives the committed module exactly', async () => {
    const bytes = await compileKernels()
    expect(readFileSync(join(import.meta.dirname, '../..', GENERATED), 'utf8')).toBe(generatedModule(bytes))
    expect(Buffer.from(decodeBase64(KERNELS_WASM_BASE64)).equals(Buffer.from(bytes))).toBe(true)
  })

  it('decodeBase64 agrees with Node on every padding length', () => {
    for (let n = 0; n < 40; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 97 + n) % 256)
      expect(Array.from(decodeBase64(Buffer.from(bytes).toString('base64')))).toEqual(Array.from(bytes))
    }
    expect(() => decodeBase64('ab$d')).toThrow('base64: unexpected character at 2')
  })
})
