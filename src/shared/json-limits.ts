/**
 * A scan of JSON text before JSON.parse: how deep it nests, how many arrays and objects and how many values
 * it holds, so that a text that would exhaust the stack (100,000 levels) or the heap (tens of millions of tiny
 * arrays, hundreds of millions of numbers) is refused with a clear message before anything is built. One pass, no allocation; strings are skipped (their
 * brackets do not count). The text need not be valid JSON: JSON.parse still decides that.
 *
 * Plain ECMAScript: the renderer, the host and workers use it alike.
 */
import { INPUT_LIMITS } from './project-constants.js'

export interface JsonBudget {
  /** Deepest nesting of arrays and objects. Default INPUT_LIMITS.jsonDepth. */
  depth?: number
  /** Arrays and objects in all. Default INPUT_LIMITS.jsonContainers. */
  containers?: number
  /** Values in all (counted by the commas between them). Default INPUT_LIMITS.jsonValues. */
  values?: number
}

/** The problem with `text` under `budget`, or null when it is within it. */
export function jsonBudgetProblem(text: string, budget: JsonBudget = {}): string | null {
  const maxDepth = budget.depth ?? INPUT_LIMITS.jsonDepth
  const maxContainers = budget.containers ?? INPUT_LIMITS.jsonContainers
  const maxValues = budget.values ?? INPUT_LIMITS.jsonValues
  let depth = 0
  let containers = 0
  let commas = 0
  const n = text.length
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i)
    if (c === 0x22) {
      // a string: skip to its closing quote (a backslash escapes the next character)
      for (i++; i < n; i++) {
        const s = text.charCodeAt(i)
        if (s === 0x5c) i++
        else if (s === 0x22) break
      }
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > maxDepth) return `nested more than ${maxDepth} levels deep (at character ${i + 1})`
      if (++containers > maxContainers) return `more than ${maxContainers} arrays and objects (the limit of one file)`
    } else if (c === 0x5d || c === 0x7d) {
      if (depth > 0) depth--
    } else if (c === 0x2c) {
      // n values in an array or object have n − 1 commas between them: values ≤ commas + containers + 1
      if (++commas + containers >= maxValues) return `more than ${maxValues} values (the limit of one file)`
    }
  }
  return null
}

/** JSON.parse after the budget scan; a text over budget throws JsonBudgetError before it is parsed. */
export function parseJsonWithinBudget(text: string, budget: JsonBudget = {}): unknown {
  const problem = jsonBudgetProblem(text, budget)
  if (problem !== null) throw new JsonBudgetError(problem)
  return JSON.parse(text)
}

export class JsonBudgetError extends Error {
  constructor(readonly problem: string) {
    super(problem)
    this.name = 'JsonBudgetError'
  }
}
