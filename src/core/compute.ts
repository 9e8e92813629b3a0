/**
 * Kernel sets: the hot loops of forward, the loss, backward and the update behind one interface, `Kernels`, with two
 * implementations of the same signatures:
 *   'js'    the TypeScript kernels (kernels.ts' blocked products, activations.ts, losses.ts, optimizers.ts);
 *   'wasm'  the WebAssembly SIMD kernels compiled from src/core/wasm/kernels.ts (AssemblyScript) by
 *           scripts/build-wasm.ts, embedded as base64 in kernels-wasm.generated.ts.
 * A kernel set also ALLOCATES the arrays its kernels read and write: the WASM kernels address arrays by
 * byte offset into the module's linear memory, so parameters, gradients, optimizer state and the batch
 * workspace of a trainer live inside that memory as typed-array views, and no kernel call copies anything.
 *
 * Precision. A kernel set works in one precision (spec.ts Precision): 'float64' arrays are Float64Arrays,
 * 'float32' arrays Float32Arrays (`floats(length)` allocates them). The TypeScript kernels are the same
 * functions for both (generic over Floats: V8 computes in float64 and rounds on every store); the WASM module
 * exports each kernel for both element types (…F32 for float32, one generic source).
 *
 * Memory. `allocate(choice, build)` runs `build` twice: first with a counting allocator (zero-length arrays)
 * to learn how many bytes it needs, then, for 'wasm', with a fresh module instance whose memory is created
 * at exactly that size. The memory never grows afterwards (growth would detach every view). Bytes
 * [0, 64 KiB) belong to the module's own constants; arrays start at 64 KiB, each aligned to 16 bytes.
 * So `build` must only allocate and slice (no code that depends on the arrays' lengths).
 *
 * Selection. 'auto' (the default everywhere) uses 'wasm' where WebAssembly SIMD is available (checked by
 * validating a tiny SIMD module) and 'js' elsewhere. Of the two builds of the module, the relaxed-SIMD one
 * (fused multiply-add in the products) is used where `WebAssembly.validate` accepts it (Electron; Node 20 only
 * with --experimental-wasm-relaxed-simd), the plain SIMD one otherwise (`wasmKernelsVariant()` says which); 'wasm' insists (an error where it is unavailable);
 * 'js' always takes the TypeScript kernels. Hosts choose: the core reads no environment (hosts map e.g.
 * RNNWB_KERNELS=js to the option). `kernelKind(choice)` tells which set a choice gets on this runtime.
 *
 * Not here: threads. The module is compiled synchronously on first use (fine in Node, utility processes and workers;
 * browsers refuse synchronous compilation of modules over 4 KB only on their main thread, where training
 * never runs).
 */
import { activationBackward, activationForward } from './activations.js'
import { adamUpdate, addColumnSums, addRowVector, momentumUpdate, mulABBlocked, mulABtBlocked, mulAtBBlocked, sgdUpdate } from './kernels.js'
import { KERNELS_RELAXED_WASM_BASE64, KERNELS_WASM_BASE64 } from './kernels-wasm.generated.js'
import { lossBackward, lossForward, type LossOptions } from './losses.js'
import type { Activation, Floats, LossKind, Precision } from './spec.js'

export type KernelChoice = 'auto' | 'wasm' | 'js'
export const KERNEL_CHOICES: readonly KernelChoice[] = ['auto', 'wasm', 'js']
export type KernelKind = 'wasm' | 'js'

type Product = (C: Floats, A: Floats, B: Floats, M: number, K: number, N: number) => void

export interface Allocator {
  /** A zeroed Float64Array of `length` in the memory the kernels address. */
  f64(length: number): Float64Array
  /** A zeroed array of the kernel set's precision (Float64Array or Float32Array) in the same memory: what
   *  the kernels compute on. */
  floats(length: number): Floats
  /** A zeroed Uint8Array of `length` in the same memory. */
  u8(length: number): Uint8Array
}

/** The operations of forward, backward and the update; every array argument must come from `floats`/`u8`
 *  of the same kernel set (the WASM set throws otherwise, also for an array of the other precision). Shapes
 *  and semantics as in kernels.ts, activations.ts and optimizers.ts. */
export interface Kernels extends Allocator {
  readonly kind: KernelKind
  readonly precision: Precision
  /** C (M × N) += A (M × K) · Bᵀ, B (N × K). */
  mulABt: Product
  /** C (M × N) += A (M × K) · B (K × N). */
  mulAB: Product
  /** C (M × N) += Aᵀ · B, A (K × M), B (K × N). */
  mulAtB: Product
  addRowVector(A: Floats, b: Floats, M: number, N: number): void
  addColumnSums(c: Floats, A: Floats, M: number, N: number): void
  activationForward(y: Floats, s: Floats, rows: number, n: number, kind: Activation): void
  activationBackward(ds: Floats, dy: Floats, y: Floats, rows: number, n: number, kind: Activation): void
  lossForward(y: Floats, z: Floats, mask: Uint8Array, rows: number, nOut: number, count: number, opts: LossOptions): number
  lossBackward(ds: Floats, y: Floats, z: Floats, mask: Uint8Array, rows: number, nOut: number, count: number, opts: LossOptions): void
  /** a += b over b.length values. */
  add(a: Floats, b: Floats): void
  /** Σ a[k]² over a.length values. */
  sumSquares(a: Floats): number
  /** a ← s·a. */
  scale(a: Floats, s: number): void
  sgdUpdate(w: Floats, g: Floats, c: number): void
  momentumUpdate(w: Floats, g: Floats, v: Floats, c: number, mu: number): void
  adamUpdate(w: Floats, g: Floats, m: Floats, v: Floats, c: number, beta1: number, beta2: number, epsilon: number, c1: number, c2: number): void
}

function sumSquares(a: Floats): number {
  let sum = 0
  for (let i = 0; i < a.length; i++) sum += a[i] * a[i]
  return sum
}

/** The TypeScript kernels, allocating ordinary typed arrays: float64. */
export const JS_KERNELS: Kernels = {
  kind: 'js',
  precision: 'float64',
  f64: (length) => new Float64Array(length),
  floats: (length) => new Float64Array(length),
  u8: (length) => new Uint8Array(length),
  mulABt: mulABtBlocked,
  mulAB: mulABBlocked,
  mulAtB: mulAtBBlocked,
  addRowVector,
  addColumnSums,
  activationForward,
  activationBackward,
  lossForward,
  lossBackward,
  add: (a, b) => {
    for (let i = 0; i < b.length; i++) a[i] += b[i]
  },
  sumSquares,
  scale: (a, s) => {
    for (let i = 0; i < a.length; i++) a[i] *= s
  },
  sgdUpdate,
  momentumUpdate,
  adamUpdate,
}

/** The same TypeScript kernels on Float32Arrays. */
export const JS_KERNELS_F32: Kernels = { ...JS_KERNELS, precision: 'float32', floats: (length) => new Float32Array(length) }

/** The TypeScript kernel set of a precision. */
export const jsKernels = (precision: Precision): Kernels => (precision === 'float32' ? JS_KERNELS_F32 : JS_KERNELS)

// ---------------------------------------------------------------------------------------------------
// The WebAssembly set

/** The part of the WebAssembly JS API used here (the core is typed without DOM or Node). */
interface WasmApi {
  validate(bytes: Uint8Array): boolean
  Module: new (bytes: Uint8Array) => object
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> }
  Memory: new (descriptor: { initial: number; maximum?: number }) => { buffer: ArrayBuffer }
}

interface WasmExports {
  mulABt(C: number, A: number, B: number, M: number, K: number, N: number): void
  mulAB(C: number, A: number, B: number, M: number, K: number, N: number): void
  mulAtB(C: number, A: number, B: number, M: number, K: number, N: number): void
  addRowVector(A: number, b: number, M: number, N: number): void
  addColumnSums(c: number, A: number, M: number, N: number): void
  add(a: number, b: number, n: number): void
  activationForward(y: number, s: number, rows: number, n: number, kind: number): void
  activationBackward(ds: number, dy: number, y: number, rows: number, n: number, kind: number): void
  lossForward(y: number, z: number, mask: number, rows: number, nOut: number, count: number, kind: number, activation: number, tolerance: number): number
  lossBackward(ds: number, y: number, z: number, mask: number, rows: number, nOut: number, count: number, kind: number, activation: number, tolerance: number): void
  sgdStep(w: number, g: number, n: number, c: number): void
  momentumStep(w: number, g: number, v: number, n: number, c: number, mu: number): void
  adamStep(w: number, g: number, m: number, v: number, n: number, c: number, beta1: number, beta2: number, epsilon: number, c1: number, c2: number): void
  sumSquares(a: number, n: number): number
  scale(a: number, n: number, s: number): void
  heapBase(): number
}

/** The kernels' export names (float64; the float32 ones add F32). */
const KERNEL_EXPORTS: Record<Exclude<keyof WasmExports, 'heapBase'>, true> = {
  mulABt: true, mulAB: true, mulAtB: true, addRowVector: true, addColumnSums: true, add: true, activationForward: true, activationBackward: true,
  lossForward: true, lossBackward: true, sgdStep: true, momentumStep: true, adamStep: true, sumSquares: true, scale: true,
}

/** Activation codes of src/core/wasm/kernels.ts. */
const ACTIVATION_CODES: Record<Activation, number> = { sigmoid: 0, tanh: 1, relu: 2, linear: 3, softmax: 4 }
/** Loss codes of src/core/wasm/kernels.ts. */
const LOSS_CODES: Record<LossKind, number> = { sse: 0, mse: 1, 'cross-entropy': 2 }

const PAGE = 65536
/** Arrays start here; below is the module's constant data (checked when an instance is made). */
const ARENA_START = PAGE
/** wasm32 memory limit: 65536 pages of 64 KiB. */
const MAX_PAGES = 65536

/** (module (func (result v128) (v128.const i64x2 0 0))): valid only where the runtime has SIMD. */
const SIMD_PROBE = Uint8Array.of(
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version
  0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, //       type section: () -> v128
  0x03, 0x02, 0x01, 0x00, //                         function section: one function of type 0
  0x0a, 0x16, 0x01, 0x14, 0x00, 0xfd, 0x0c, ...new Array<number>(16).fill(0), 0x0b, // code: v128.const 0; end
)

function wasmApi(): WasmApi | null {
  const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly
  return api && typeof api.validate === 'function' ? api : null
}

/** Which build of the kernels module runs: with relaxed SIMD (fused multiply-add) or plain SIMD. */
export type WasmKernelsVariant = 'relaxed-simd' | 'simd'

let compiled: object | null | undefined
let variant: WasmKernelsVariant | null = null
/** Why the WASM kernels are unavailable, for the error of kernels: 'wasm'. */
let unavailable = ''

/** The build of the module this runtime takes: the relaxed-SIMD one only where `validate` accepts it. */
export function pickKernelsModule(api: Pick<WasmApi, 'validate'>): { variant: WasmKernelsVariant; bytes: Uint8Array } {
  const relaxed = decodeBase64(KERNELS_RELAXED_WASM_BASE64)
  if (api.validate(relaxed)) return { variant: 'relaxed-simd', bytes: relaxed }
  return { variant: 'simd', bytes: decodeBase64(KERNELS_WASM_BASE64) }
}

/** The compiled kernels module, or null where WebAssembly SIMD is unavailable, or where synchronous
 *  compilation is refused (a browser's main thread, e.g. the app's renderer inspecting a sequence: it then
 *  runs the TypeScript kernels). */
function kernelsModule(): object | null {
  if (compiled !== undefined) return compiled
  const api = wasmApi()
  compiled = null
  if (!api) unavailable = 'this runtime has no WebAssembly'
  else if (!api.validate(SIMD_PROBE)) unavailable = 'this runtime has no WebAssembly SIMD'
  else {
    try {
      const picked = pickKernelsModule(api)
      compiled = new api.Module(picked.bytes)
      variant = picked.variant
    } catch (e) {
      unavailable = `the kernels module did not compile here (${e instanceof Error ? e.message : String(e)})`
    }
  }
  return compiled
}

/** Whether this runtime can run the WASM kernels. */
export function wasmKernelsAvailable(): boolean {
  return kernelsModule() !== null
}

/** The build of the WASM kernels this runtime runs ('relaxed-simd' or 'simd'), or null where none runs. */
export function wasmKernelsVariant(): WasmKernelsVariant | null {
  return kernelsModule() !== null ? variant : null
}

/** The kernel set a choice gets here; throws for 'wasm' where WebAssembly SIMD is unavailable. */
export function kernelKind(choice: KernelChoice = 'auto'): KernelKind {
  if (!KERNEL_CHOICES.includes(choice)) throw new Error(`kernels: expected one of ${KERNEL_CHOICES.join(', ')}, got ${JSON.stringify(choice)}`)
  if (choice === 'js') return 'js'
  if (wasmKernelsAvailable()) return 'wasm'
  if (choice === 'wasm') throw new Error(`kernels: the WASM kernels are not available: ${unavailable}; choose kernels "js" or "auto"`)
  return 'js'
}

/** A counting allocator: zero-length arrays, and the bytes a real allocation of the same calls would take. */
function countingAllocator(precision: Precision): Allocator & { bytes: number } {
  const counter = {
    bytes: 0,
    f64: (length: number) => {
      counter.bytes += align(8 * length)
      return new Float64Array(0)
    },
    floats: (length: number) => {
      counter.bytes += align(BYTES[precision] * length)
      return precision === 'float32' ? new Float32Array(0) : new Float64Array(0)
    },
    u8: (length: number) => {
      counter.bytes += align(length)
      return new Uint8Array(0)
    },
  }
  return counter
}

const align = (bytes: number) => Math.ceil(bytes / 16) * 16
const BYTES: Record<Precision, number> = { float64: 8, float32: 4 }

export interface AllocateOptions {
  /** The precision of `floats` and of the kernels. Default 'float64'. */
  precision?: Precision
}

/**
 * Runs `build` with the kernel set `choice` resolves to, every array it allocates in that set's memory
 * (see the header: `build` runs twice for 'wasm', and must only allocate and slice). Returns what `build`
 * returns, which holds on to the kernel set (e.g. in a Workspace).
 */
export function allocate<T>(choice: KernelChoice, build: (kernels: Kernels) => T, opts: AllocateOptions = {}): T {
  const precision = opts.precision ?? 'float64'
  if (precision !== 'float64' && precision !== 'float32') throw new Error(`kernels: expected precision float64 or float32, got ${JSON.stringify(precision)}`)
  const js = jsKernels(precision)
  const kind = kernelKind(choice)
  if (kind === 'js') return build(js)
  const counter = countingAllocator(precision)
  build({ ...js, ...counter })
  const pages = Math.ceil((ARENA_START + counter.bytes) / PAGE)
  if (pages > MAX_PAGES) {
    if (choice === 'wasm') throw new Error(`kernels: ${Math.ceil(counter.bytes / 2 ** 20)} MB do not fit in WebAssembly's 4 GB memory; choose kernels "js"`)
    return build(js)
  }
  let kernels: Kernels
  try {
    kernels = wasmKernels(pages, precision)
  } catch (e) {
    // a memory of that size cannot be had (RangeError): 'auto' falls back to ordinary arrays
    if (choice === 'wasm' || !(e instanceof RangeError)) throw e
    return build(js)
  }
  return build(kernels)
}

/** A fresh instance of the kernels module with a memory of `pages` pages, allocating from ARENA_START; its
 *  kernels are the module's exports for `precision` (float32: the …F32 ones). */
function wasmKernels(pages: number, precision: Precision): Kernels {
  const api = wasmApi()!
  const memory = new api.Memory({ initial: pages, maximum: pages })
  const instance = new api.Instance(kernelsModule()!, { env: { memory } })
  const all = instance.exports
  const suffix = precision === 'float32' ? 'F32' : ''
  // the exports of this precision under their float64 names
  const x = Object.fromEntries(Object.keys(KERNEL_EXPORTS).map((name) => [name, all[name + suffix]])) as unknown as WasmExports
  x.heapBase = all.heapBase as () => number
  const Floats = precision === 'float32' ? Float32Array : Float64Array
  if (x.heapBase() > ARENA_START) throw new Error(`kernels: the module's data ends at ${x.heapBase()}, above the arrays' start ${ARENA_START}`)
  const buffer = memory.buffer
  let next = ARENA_START
  const take = (bytes: number): number => {
    const at = next
    next += align(bytes)
    if (next > buffer.byteLength) throw new Error(`kernels: allocation beyond the ${buffer.byteLength} bytes measured (build allocated differently on its second run)`)
    return at
  }
  /** Byte offset of a view, after checking it lies in this instance's memory and has this precision. */
  const at = (a: Floats | Uint8Array): number => {
    if (a.buffer !== buffer) throw new Error('kernels: an array passed to the WASM kernels was not allocated by them')
    if (!(a instanceof Floats) && !(a instanceof Uint8Array)) throw new Error(`kernels: a ${a.constructor.name} passed to the ${precision} WASM kernels`)
    return a.byteOffset
  }
  return {
    kind: 'wasm',
    precision,
    f64: (length) => new Float64Array(buffer, take(8 * length), length),
    floats: (length) => new Floats(buffer, take(BYTES[precision] * length), length),
    u8: (length) => new Uint8Array(buffer, take(length), length),
    mulABt: (C, A, B, M, K, N) => x.mulABt(at(C), at(A), at(B), M, K, N),
    mulAB: (C, A, B, M, K, N) => x.mulAB(at(C), at(A), at(B), M, K, N),
    mulAtB: (C, A, B, M, K, N) => x.mulAtB(at(C), at(A), at(B), M, K, N),
    addRowVector: (A, b, M, N) => x.addRowVector(at(A), at(b), M, N),
    addColumnSums: (c, A, M, N) => x.addColumnSums(at(c), at(A), M, N),
    activationForward: (y, s, rows, n, kind) => x.activationForward(at(y), at(s), rows, n, ACTIVATION_CODES[kind]),
    activationBackward: (ds, dy, y, rows, n, kind) => x.activationBackward(at(ds), at(dy), at(y), rows, n, ACTIVATION_CODES[kind]),
    lossForward: (y, z, mask, rows, nOut, count, o) =>
      x.lossForward(at(y), at(z), at(mask), rows, nOut, count, LOSS_CODES[o.kind], ACTIVATION_CODES[o.activation], o.errorTolerance),
    lossBackward: (ds, y, z, mask, rows, nOut, count, o) =>
      x.lossBackward(at(ds), at(y), at(z), at(mask), rows, nOut, count, LOSS_CODES[o.kind], ACTIVATION_CODES[o.activation], o.errorTolerance),
    add: (a, b) => x.add(at(a), at(b), b.length),
    sumSquares: (a) => x.sumSquares(at(a), a.length),
    scale: (a, s) => x.scale(at(a), a.length, s),
    sgdUpdate: (w, g, c) => x.sgdStep(at(w), at(g), w.length, c),
    momentumUpdate: (w, g, v, c, mu) => x.momentumStep(at(w), at(g), at(v), w.length, c, mu),
    adamUpdate: (w, g, m, v, c, beta1, beta2, epsilon, c1, c2) => x.adamStep(at(w), at(g), at(m), at(v), w.length, c, beta1, beta2, epsilon, c1, c2),
  }
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

/** Standard base64 (with padding) to bytes; no Node Buffer or DOM atob in the core. */
export function decodeBase64(text: string): Uint8Array {
  const value = new Int16Array(128).fill(-1)
  for (let i = 0; i < BASE64.length; i++) value[BASE64.charCodeAt(i)] = i
  const clean = text.replace(/=+$/, '')
  const out = new Uint8Array(Math.floor((clean.length * 6) / 8))
  let bits = 0
  let acc = 0
  let o = 0
  for (let i = 0; i < clean.length; i++) {
    const v = value[clean.charCodeAt(i)]
    if (v < 0) throw new Error(`base64: unexpected character at ${i}`)
    acc = (acc << 6) | v
    bits += 6
    if (bits >= 8) {
      bits -= 8
      out[o++] = (acc >> bits) & 0xff
    }
  }
  return out
}
