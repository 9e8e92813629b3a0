/**
 * "Try your own input": the text of an input sequence, one time step per line, the m inputs u_t of a step
 * separated by spaces or commas; parsed with one clear message per problem (line numbers from 1).
 */
import { t } from './i18n'

/** A sequence's inputs as text: one line per step. */
export function formatInputs(u: ArrayLike<number>[]): string {
  return Array.from(u, (step) => Array.from(step).join(' ')).join('\n')
}

/** The steps of the text (T × m), or the first problem in words. Blank lines are skipped. */
export function parseInputs(text: string, m: number): { inputs: number[][] } | { error: string } {
  const inputs: number[][] = []
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim()
    if (line === '') continue
    const values = line.split(/[\s,;]+/).filter((v) => v !== '')
    if (values.length !== m) return { error: t('tryInput.stepInputs', { line: i + 1, m, has: values.length }, m) }
    const step = values.map(Number)
    const bad = step.findIndex((v) => !Number.isFinite(v))
    if (bad >= 0) return { error: t('tryInput.notNumber', { line: i + 1, value: values[bad] }) }
    inputs.push(step)
  }
  if (inputs.length === 0) return { error: t('tryInput.empty') }
  return { inputs }
}
