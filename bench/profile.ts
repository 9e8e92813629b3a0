/**
 * `npm run bench:profile -- <workload> [float64|float32] [epochs]`: where an epoch of the core's WASM kernels
 * spends its time. Runs the workload (bench/workloads.ts) on one thread under V8's sampling profiler (the
 * inspector's Profiler domain, in-process) and prints self time per function, WebAssembly functions included
 * (V8 names them wasm-function[i]: the export section of the module that runs gives their names); then the
 * same epochs again with every kernel of the trainer's kernel set wrapped in a timer, for the time and the
 * GFLOP/s of each kernel (mulAB and mulAtB share one compiled body, which the sampler cannot tell apart). A
 * profile, not a benchmark: sampling and the timers cost a little, the shares are what it is for.
 */
import { Session } from 'node:inspector/promises'
import { performance } from 'node:perf_hooks'
import { Trainer, wasmKernelsVariant, type Precision } from '../src/core/index.js'
import { KERNELS_RELAXED_WASM_BASE64, KERNELS_WASM_BASE64 } from '../src/core/kernels-wasm.generated.js'
import { WORKLOADS, networkSpec, randomData, trainingSpec } from './workloads.js'

const [name = 'nettalk', precision = 'float64', epochsArg = '10'] = process.argv.slice(2)
const index = WORKLOADS.findIndex((w) => w.name === name)
if (index < 0 || (precision !== 'float64' && precision !== 'float32')) {
  console.error(`usage: npm run bench:profile -- <${WORKLOADS.map((w) => w.name).join('|')}> [float64|float32] [epochs]`)
  process.exit(2)
}
const w = WORKLOADS[index]
const trainer = new Trainer({ network: networkSpec(w), training: { ...trainingSpec(), precision: precision as Precision }, data: randomData(w, index), kernels: 'wasm' })
trainer.runEpoch() // warm-up

interface Node {
  id: number
  callFrame: { functionName: string; url: string }
  children?: number[]
}
const session = new Session()
session.connect()
await session.post('Profiler.enable')
await session.post('Profiler.setSamplingInterval', { interval: 100 })
await session.post('Profiler.start')
const started = performance.now()
const epochs = Number(epochsArg)
for (let e = 0; e < epochs; e++) trainer.runEpoch()
const seconds = (performance.now() - started) / 1000
const { profile } = (await session.post('Profiler.stop')) as { profile: { nodes: Node[]; samples: number[] } }
session.disconnect()

/**
 * Function index → name, from the kernels module this runtime runs: its exports (section 7), and, since the
 * exports of the generic kernels are thin wrappers (local.get and i32.const … then one call), the function each wrapper
 * calls gets the wrapper's name too. The module imports no functions, so indices are its own.
 */
function wasmFunctionNames(bytes: Uint8Array): Map<number, string> {
  let at = 8 // magic and version
  const uleb = () => {
    let result = 0
    let shift = 0
    for (;;) {
      const b = bytes[at++]
      result += (b & 0x7f) * 2 ** shift
      shift += 7
      if (b < 0x80) return result
    }
  }
  const exported = new Map<number, string>()
  const bodies: [number, number][] = [] // [start, end) of each function body, in index order
  while (at < bytes.length) {
    const id = bytes[at++]
    const size = uleb()
    const end = at + size
    if (id === 7) {
      for (let n = uleb(); n > 0; n--) {
        const length = uleb()
        const name = new TextDecoder().decode(bytes.subarray(at, at + length))
        at += length
        const kind = bytes[at++]
        const index = uleb()
        if (kind === 0) exported.set(index, name)
      }
    } else if (id === 10) {
      for (let n = uleb(); n > 0; n--) {
        const length = uleb()
        bodies.push([at, at + length])
        at += length
      }
    }
    at = end
  }
  const names = new Map(exported)
  for (const [index, name] of exported) {
    const [start, end] = bodies[index]
    at = start
    for (let groups = uleb(); groups > 0; groups--) (uleb(), at++) // local declarations: count, type
    while (at < end && (bytes[at] === 0x20 || bytes[at] === 0x41)) (at++, uleb()) // local.get i, i32.const c (LEB bytes: uleb skips sleb too)
    if (bytes[at] === 0x10) {
      at++
      const callee = uleb()
      if (!names.has(callee)) names.set(callee, `${name} (body)`)
    }
  }
  return names
}
const module = Buffer.from(wasmKernelsVariant() === 'relaxed-simd' ? KERNELS_RELAXED_WASM_BASE64 : KERNELS_WASM_BASE64, 'base64')
const wasmNames = wasmFunctionNames(module)

const byId = new Map(profile.nodes.map((n) => [n.id, n]))
const self = new Map<string, number>()
for (const id of profile.samples) {
  const n = byId.get(id)!
  const file = n.callFrame.url.split('/').pop() || ''
  const wasm = /^wasm-function\[(\d+)\]$/.exec(n.callFrame.functionName)
  const key = wasm ? `${wasmNames.get(Number(wasm[1])) ?? n.callFrame.functionName} (WASM)` : `${n.callFrame.functionName || '(anonymous)'}${file ? ` (${file})` : ''}`
  self.set(key, (self.get(key) ?? 0) + 1)
}
const total = profile.samples.length
console.log(`${w.name} ${[w.m, ...w.hidden, w.l].join('-')}, T ${w.T}, P ${w.P}, ${precision}, WASM kernels, one thread: ${epochs} epochs, ${(seconds / epochs).toPrecision(3)} s/epoch (under the profiler)`)
console.log('self time share, top functions:')
for (const [key, n] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`${((100 * n) / total).toFixed(1).padStart(6)}%  ${key}`)

// the same epochs with each kernel timed: the trainer's kernel set is one object its workspace calls through
const kernels = (trainer as unknown as { ws: { kernels: Record<string, unknown> } }).ws.kernels
const timed = new Map<string, { calls: number; seconds: number; flops: number }>()
for (const [key, fn] of Object.entries(kernels)) {
  if (typeof fn !== 'function' || key === 'floats' || key === 'f64') continue
  const entry = { calls: 0, seconds: 0, flops: 0 }
  timed.set(key, entry)
  kernels[key] = (...args: unknown[]) => {
    const t0 = performance.now()
    const result = (fn as (...a: unknown[]) => unknown)(...args)
    entry.seconds += (performance.now() - t0) / 1000
    entry.calls++
    if (key.startsWith('mul')) entry.flops += 2 * (args[3] as number) * (args[4] as number) * (args[5] as number) // (C, A, B, M, K, N)
    return result
  }
}
const again = performance.now()
for (let e = 0; e < epochs; e++) trainer.runEpoch()
const epochSeconds = (performance.now() - again) / 1000
const kernelSeconds = [...timed.values()].reduce((sum, t) => sum + t.seconds, 0)
console.log(`\nkernels timed one by one (${epochs} epochs, ${(epochSeconds / epochs).toPrecision(3)} s/epoch with the timers; kernels ${((100 * kernelSeconds) / epochSeconds).toFixed(1)}% of it):`)
for (const [key, t] of [...timed].filter(([, t]) => t.calls > 0).sort((a, b) => b[1].seconds - a[1].seconds)) {
  const gflops = t.flops > 0 ? `, ${(t.flops / t.seconds / 1e9).toFixed(1)} GFLOP/s` : ''
  console.log(`${((100 * t.seconds) / epochSeconds).toFixed(1).padStart(6)}%  ${key}: ${t.calls / epochs} calls/epoch${gflops}`)
}
