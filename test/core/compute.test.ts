// Kernel selection where the WASM kernels cannot run: the core falls back to the TypeScript kernels for
// 'auto', refuses 'wasm' with the reason, and trains the same either way. Each case loads the core afresh
// with a stubbed WebAssembly global (the compiled module is cached per load of compute.ts).
import { afterEach, describe, expect, it, vi } from 'vitest'

type Core = typeof import('../../src/core/index.js')
interface WasmLike {
  validate: unknown
  Module: unknown
  Instance: unknown
  Memory: unknown
}
const real = (globalThis as unknown as { WebAssembly: WasmLike }).WebAssembly

async function coreWith(webAssembly: unknown): Promise<Core> {
  vi.resetModules()
  vi.stubGlobal('WebAssembly', webAssembly)
  return await import('../../src/core/index.js')
}

const api = (over: Record<string, unknown>) => ({ validate: real.validate, Module: real.Module, Instance: real.Instance, Memory: real.Memory, ...over })

const net = { inputSize: 2, hidden: [{ units: 3 }], output: { units: 1 } }
const data = { inputSize: 2, outputSize: 1, sequences: [{ u: [[1, 0], [0, 1], [1, 1]], z: [[1], null, [0]] }, { u: [[0, 0]], z: [[1]] }] }

afterEach(() => {
  vi.unstubAllGlobals()
  vi.resetModules()
})

describe('kernel selection without the WASM kernels', () => {
  it.each([
    ['no WebAssembly', undefined, 'this runtime has no WebAssembly'],
    ['no SIMD', api({ validate: () => false }), 'this runtime has no WebAssembly SIMD'],
    [
      'synchronous compilation refused (a browser main thread)',
      api({
        Module: class {
          constructor() {
            throw new RangeError('WebAssembly.Module(): Buffer size is larger than 4 KB')
          }
        },
      }),
      'the kernels module did not compile here (WebAssembly.Module(): Buffer size is larger than 4 KB)',
    ],
  ])('%s: auto runs the TypeScript kernels, wasm is refused with the reason', async (_, stub, reason) => {
    const core = await coreWith(stub)
    expect(core.wasmKernelsAvailable()).toBe(false)
    expect(core.kernelKind('auto')).toBe('js')
    expect(() => core.kernelKind('wasm')).toThrow(`kernels: the WASM kernels are not available: ${reason}; choose kernels "js" or "auto"`)
    const trainer = new core.Trainer({ network: net, training: { epochs: 3, seed: 4 }, data })
    expect(trainer.kernels).toBe('js')
    expect(() => new core.Trainer({ network: net, training: {}, data, kernels: 'wasm' })).toThrow('not available')
    while (!trainer.done) trainer.runEpoch()
    // the same as the TypeScript kernels chosen on purpose where WASM is available, bit for bit
    vi.unstubAllGlobals()
    const full = await coreWith(real)
    const chosen = new full.Trainer({ network: net, training: { epochs: 3, seed: 4 }, data, kernels: 'js' })
    while (!chosen.done) chosen.runEpoch()
    expect(Array.from(trainer.params)).toEqual(Array.from(chosen.params))
  })
})

describe('the relaxed-SIMD build (fused multiply-add)', () => {
  it('is picked only where WebAssembly.validate accepts it; plain SIMD otherwise', async () => {
    const core = await coreWith(real)
    const { KERNELS_RELAXED_WASM_BASE64, KERNELS_WASM_BASE64 } = await import('../../src/core/kernels-wasm.generated.js')
    const seen: number[] = []
    const refusing = core.pickKernelsModule({ validate: (bytes) => (seen.push(bytes.length), false) })
    expect(refusing.variant).toBe('simd')
    expect(Array.from(refusing.bytes)).toEqual(Array.from(core.decodeBase64(KERNELS_WASM_BASE64)))
    expect(seen).toEqual([core.decodeBase64(KERNELS_RELAXED_WASM_BASE64).length]) // it asked about the relaxed build
    const accepting = core.pickKernelsModule({ validate: () => true })
    expect(accepting.variant).toBe('relaxed-simd')
    expect(Array.from(accepting.bytes)).toEqual(Array.from(core.decodeBase64(KERNELS_RELAXED_WASM_BASE64)))
    // this runtime: Node 20 without --experimental-wasm-relaxed-simd refuses relaxed SIMD, so plain SIMD
    const relaxedHere = (real.validate as (b: Uint8Array) => boolean)(accepting.bytes)
    expect(core.wasmKernelsVariant()).toBe(relaxedHere ? 'relaxed-simd' : 'simd')
    expect(core.kernelKind('auto')).toBe('wasm')
  })

  it('where SIMD validates but relaxed SIMD does not, the core compiles and runs the plain build', async () => {
    const relaxedLength = (await import('../../src/core/kernels-wasm.generated.js')).KERNELS_RELAXED_WASM_BASE64.length
    const compiled: number[] = []
    const realModule = real.Module as new (bytes: Uint8Array) => object
    const core = await coreWith(
      api({
        // refuses exactly the relaxed module (by its size), as a runtime without relaxed SIMD does
        validate: (bytes: Uint8Array) => Math.ceil(bytes.length / 3) * 4 !== relaxedLength && (real.validate as (b: Uint8Array) => boolean)(bytes),
        Module: class {
          constructor(bytes: Uint8Array) {
            compiled.push(bytes.length)
            return new realModule(bytes)
          }
        },
      }),
    )
    expect(core.wasmKernelsVariant()).toBe('simd')
    expect(compiled).toHaveLength(1)
    const trainer = new core.Trainer({ network: net, training: { epochs: 2, precision: 'float32' }, data, kernels: 'wasm' })
    while (!trainer.done) trainer.runEpoch()
    expect(trainer.params).toBeInstanceOf(Float32Array)
  })

  it('where the runtime validates relaxed SIMD, the core compiles the relaxed build', async () => {
    const compiled: Uint8Array[] = []
    const core = await coreWith(
      api({
        validate: () => true,
        Module: class {
          constructor(bytes: Uint8Array) {
            compiled.push(bytes)
          }
        },
      }),
    )
    expect(core.wasmKernelsVariant()).toBe('relaxed-simd')
    const { KERNELS_RELAXED_WASM_BASE64 } = await import('../../src/core/kernels-wasm.generated.js')
    expect(compiled.map((b) => b.length)).toEqual([core.decodeBase64(KERNELS_RELAXED_WASM_BASE64).length])
  })
})
