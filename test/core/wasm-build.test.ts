// The committed WASM modules (plain SIMD and relaxed SIMD) are what the AssemblyScript source compiles to:
// recompiling with the build script gives the committed generated module byte for byte (npm run build:wasm
// rewrites it).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { GENERATED, compileKernels, generatedModule } from '../../scripts/build-wasm.js'
import { KERNELS_RELAXED_WASM_BASE64, KERNELS_WASM_BASE64 } from '../../src/core/kernels-wasm.generated.js'
import { decodeBase64 } from '../../src/core/index.js'

describe('the WASM kernels module', () => {
  it('is current: compiling src/core/wasm/kernels.ts gives the committed modules exactly', async () => {
    const bytes = await compileKernels('simd')
    const relaxed = await compileKernels('relaxed')
    expect(readFileSync(join(import.meta.dirname, '../..', GENERATED), 'utf8')).toBe(generatedModule(bytes, relaxed))
    expect(Buffer.from(decodeBase64(KERNELS_WASM_BASE64)).equals(Buffer.from(bytes))).toBe(true)
    expect(Buffer.from(decodeBase64(KERNELS_RELAXED_WASM_BASE64)).equals(Buffer.from(relaxed))).toBe(true)
    // the relaxed build differs (it has the fused multiply-adds); Node 20 without its flag refuses it
    expect(Buffer.from(relaxed).equals(Buffer.from(bytes))).toBe(false)
    const api = (globalThis as unknown as { WebAssembly: { validate(bytes: Uint8Array): boolean } }).WebAssembly
    if (process.versions.node.startsWith('20.') && !process.execArgv.includes('--experimental-wasm-relaxed-simd')) expect(api.validate(relaxed)).toBe(false)
  })

  it('decodeBase64 agrees with Node on every padding length', () => {
    for (let n = 0; n < 40; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 97 + n) % 256)
      expect(Array.from(decodeBase64(Buffer.from(bytes).toString('base64')))).toEqual(Array.from(bytes))
    }
    expect(() => decodeBase64('ab$d')).toThrow('base64: unexpected character at 2')
  })
})
