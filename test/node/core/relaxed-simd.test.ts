// The relaxed-SIMD build of the WASM kernels (fused multiply-add in the products), run for real: Node 20
// validates it only with --experimental-wasm-relaxed-simd, so a child Node process with that flag runs the
// probe (test/helpers/kernels-probe.ts) and this process, without it, runs the plain build. Both precisions'
// products and short training runs agree to rounding.
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { PROBE_SHAPE, probe } from '../../helpers/kernels-probe.js'

interface Probe {
  variant: string | null
  products: Record<'float64' | 'float32', Record<'mulABt' | 'mulAB' | 'mulAtB', number[]>>
  params: Record<'float64' | 'float32', number[]>
}

const PROBE = join(import.meta.dirname, '../../helpers/kernels-probe.ts')

function childProbe(flags: string[]): Probe {
  const out = execFileSync(process.execPath, [...flags, '--import', 'tsx', PROBE], { encoding: 'utf8', timeout: 120_000 })
  return JSON.parse(out) as Probe
}

describe('the relaxed-SIMD kernels', () => {
  it('run where the runtime validates them, and agree with the plain SIMD kernels to rounding in both precisions', () => {
    const relaxed = childProbe(['--experimental-wasm-relaxed-simd'])
    const plain = probe() as Probe
    expect(relaxed.variant).toBe('relaxed-simd')
    expect(plain.variant).toBe('simd')
    const K = PROBE_SHAPE.K
    for (const [precision, perTerm] of [['float64', 1e-13], ['float32', 2e-7]] as const) {
      for (const name of ['mulABt', 'mulAB', 'mulAtB'] as const) {
        const a = relaxed.products[precision][name]
        const b = plain.products[precision][name]
        expect(a).toHaveLength(b.length)
        for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - b[i]), `${precision} ${name} [${i}]`).toBeLessThanOrEqual(perTerm * K)
      }
    }
    // 10 epochs of adam: float64 to 1e-10, float32 to the tolerance of test/core/precision.test.ts
    for (const [precision, tolerance] of [['float64', 1e-10], ['float32', 5e-5]] as const) {
      const a = relaxed.params[precision]
      const b = plain.params[precision]
      for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - b[i]), `${precision} weights [${i}]`).toBeLessThanOrEqual(tolerance)
    }
  })

  it('without the flag, a child Node 20 runs the plain build', () => {
    expect(childProbe([]).variant).toBe(process.versions.node.startsWith('20.') ? 'simd' : expect.any(String))
  })
})
