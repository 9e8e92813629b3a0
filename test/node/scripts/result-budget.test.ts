// A data script's result crosses out of the sandbox within a budget (SCRIPT_LIMITS): its JSON text's length is
// checked inside the sandbox before it is copied out, and the text's arrays and objects are counted before it
// is parsed (a text of tiny arrays takes ~17× its size once parsed). The default budgets are large (a guest
// filling them takes a GB and half a minute); these tests pass small ones through runScript's budget parameter.
import { describe, expect, it } from 'vitest'
import { runScript } from '../../../src/node/scripts/sandbox.js'
import { SCRIPT_LIMITS } from '../../../src/shared/project-constants.js'

const steps = (n: number) => `export default () => ({ inputSize: 1, outputSize: 1, train: [{ u: Array.from({ length: ${n} }, () => [0]), z: Array.from({ length: ${n} }, () => [1]) }] })`

describe('the result budget', () => {
  it('a result of more arrays than the budget is refused before it is parsed; within it, it crosses', async () => {
    const budget = { chars: SCRIPT_LIMITS.maxResultChars, containers: 1000 }
    expect(await runScript(steps(400), { seed: 1 }, budget)).toMatchObject({ ok: true, data: { train: [{ u: expect.any(Array) }] } })
    const over = await runScript(steps(600), { seed: 1 }, budget)
    expect(over).toMatchObject({ ok: false, error: { kind: 'result', message: 'the data set is too large to copy out of the sandbox: more than 1000 arrays and objects (the limit of one file)' } })
  })

  it('a result longer than the budget is refused inside the sandbox, before it is copied out', async () => {
    const over = await runScript(steps(2000), { seed: 1 }, { chars: 5000, containers: SCRIPT_LIMITS.maxResultContainers })
    expect(over).toMatchObject({ ok: false, error: { kind: 'result', message: expect.stringMatching(/^the data set is too large to copy out of the sandbox: \d+ characters as JSON, the limit is 5000$/) } })
  })

  it('the default budgets admit the largest data a project may hold, and no more arrays than it can have', () => {
    // 5M values: at most 5M step vectors (m = ℓ = 1 → 2.5M steps × 2) plus 1M sequences of 3 containers each
    expect(SCRIPT_LIMITS.maxResultContainers).toBeGreaterThanOrEqual(5_000_000 + 3 * 1_000_000)
    expect(SCRIPT_LIMITS.maxResultChars).toBeLessThanOrEqual(2 ** 27)
  })

})
