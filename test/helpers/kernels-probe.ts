// Run by test/node/core/relaxed-simd.test.ts in a child Node process (possibly with
// --experimental-wasm-relaxed-simd): prints, as JSON, which build of the WASM kernels this runtime runs, the
// three products on fixed inputs in both precisions, and the weights after a short run in both precisions.
import { PRECISIONS, Trainer, allocate, createRng, wasmKernelsVariant, type Precision } from '../../src/core/index.js'
import { network, randomDataset } from './random.js'

export const PROBE_SHAPE = { M: 9, K: 259, N: 23 }

export function probe(): unknown {
  const { M, K, N } = PROBE_SHAPE
  const products = (precision: Precision) => {
    const rng = createRng(11)
    const { k, A, B, C } = allocate('wasm', (k) => ({ k, A: k.floats(Math.max(M, K) * K), B: k.floats(K * Math.max(N, K)), C: k.floats(M * N) }), { precision })
    A.forEach((_, i) => (A[i] = rng.uniform(-1, 1)))
    B.forEach((_, i) => (B[i] = rng.uniform(-1, 1)))
    const run = (name: 'mulABt' | 'mulAB' | 'mulAtB') => {
      C.fill(0)
      k[name](C, A, B, M, K, N)
      return Array.from(C)
    }
    return { mulABt: run('mulABt'), mulAB: run('mulAB'), mulAtB: run('mulAtB') }
  }
  const net = network({ m: 3, l: 2, hidden: [7, 5], activation: 'tanh', outputActivation: 'sigmoid', recurrent: true, bias: true, outputRecurrent: false })
  const data = randomDataset(createRng(7), { m: 3, l: 2, P: 10, maxLength: 6, missing: 0.2, targets: 'unit' })
  const trained = (precision: Precision) => {
    const t = new Trainer({ kernels: 'wasm', network: net, training: { precision, optimizer: 'adam', learningRate: 0.01, batch: 'minibatch', batchSize: 3, seed: 3 }, data })
    for (let e = 0; e < 10; e++) t.runEpoch()
    return Array.from(t.snapshot().params)
  }
  return {
    variant: wasmKernelsVariant(),
    products: Object.fromEntries(PRECISIONS.map((p) => [p, products(p)])),
    params: Object.fromEntries(PRECISIONS.map((p) => [p, trained(p)])),
  }
}

if (process.argv[1]?.endsWith('kernels-probe.ts')) console.log(JSON.stringify(probe()))
