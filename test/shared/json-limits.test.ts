// The scan before JSON.parse (src/shared/json-limits.ts): nesting, arrays and objects, values; strings and
// their escaped quotes do not count; a text within budget parses as JSON.parse parses it.
import { describe, expect, it } from 'vitest'
import { jsonBudgetProblem, JsonBudgetError, parseJsonWithinBudget } from '../../src/shared/json-limits.js'
import { INPUT_LIMITS } from '../../src/shared/project-constants.js'

describe('jsonBudgetProblem', () => {
  it('counts nesting, containers and values, not what is inside strings', () => {
    expect(jsonBudgetProblem('{"a":[[1,2],[3]],"b":"[[[,,,]]]"}', { depth: 3, containers: 4, values: 10 })).toBeNull()
    expect(jsonBudgetProblem('[[[[0]]]]', { depth: 3 })).toBe('nested more than 3 levels deep (at character 4)')
    expect(jsonBudgetProblem('[[],[],[]]', { containers: 3 })).toBe('more than 3 arrays and objects (the limit of one file)')
    expect(jsonBudgetProblem('[1,2,3,4,5]', { values: 5 })).toBe('more than 5 values (the limit of one file)')
    expect(jsonBudgetProblem('[1,2,3,4]', { values: 5 })).toBeNull()
    // an escaped quote does not end a string
    expect(jsonBudgetProblem('["\\"[[[[",1]', { depth: 1 })).toBeNull()
  })

  it('the defaults refuse 100,000 levels and 40M numbers, and take a project-sized text', () => {
    expect(jsonBudgetProblem('['.repeat(100_000) + ']'.repeat(100_000))).toMatch(/^nested more than 64 levels deep/)
    expect(jsonBudgetProblem(`[${'0,'.repeat(40_000_000)}0]`)).toBe(`more than ${INPUT_LIMITS.jsonValues} values (the limit of one file)`)
    expect(jsonBudgetProblem(JSON.stringify({ data: { train: [{ u: Array.from({ length: 1000 }, () => [0.5]) }] } }))).toBeNull()
  })

  it('parseJsonWithinBudget parses as JSON.parse does, or throws JsonBudgetError', () => {
    const text = '{"x":[1,{"y":null}],"s":"]"}'
    expect(parseJsonWithinBudget(text)).toEqual(JSON.parse(text))
    expect(() => parseJsonWithinBudget('[[[]]]', { depth: 2 })).toThrow(JsonBudgetError)
  })
})
