/**
 * NettalkSpec: how NETtalk words become a core Dataset and how outputs are read back. A plain,
 * JSON-serializable object; every default is written down here and applied by `normalizeNettalkSpec`, the
 * one place that checks it. (A project file refers to it as data kind 'nettalk'.)
 *
 * The spec says nothing about the network: the paper's feed-forward net and the recurrent variant use the
 * same data, the first with delay 0 and a non-recurrent hidden layer, the second with delay d > 0 and an
 * Elman (recurrent) hidden layer. See docs/nettalk.md.
 *
 * Not here: the symbol and feature tables (codec.ts), the corpus format (corpus.ts).
 */
import { SpecError, type SpecIssue } from '../spec.js'

export type OutputCoding = 'features' | 'one-hot'
export const OUTPUT_CODINGS: readonly OutputCoding[] = ['features', 'one-hot']

/** Code of the phoneme J: 'corrected' = Voiced, Palatal, Affricative; 'printed' = the paper's table as
 *  transcribed, the same code as G (Voiced, Velar, Nasal), so J is never decoded (G wins the tie). */
export type JCode = 'corrected' | 'printed'
export const J_CODES: readonly JCode[] = ['corrected', 'printed']

/** The order in which a word's letters are read, one per step. */
export type Direction = 'left-to-right' | 'right-to-left'
export const DIRECTIONS: readonly Direction[] = ['left-to-right', 'right-to-left']

export const MAX_WINDOW = 15
export const MAX_DELAY = 15

export interface NettalkSpec {
  /** Letters in the input window, an odd number 1..15, centred on the letter at this step. Default 7
   *  (the paper's: 7 × 29 = 203 inputs). */
  window?: number
  /** Steps the target lags behind the input: a letter's target comes `delay` steps after the step that
   *  reads it, when the network has read `delay` more letters (plus half a window). Each word gets `delay`
   *  extra steps at its end, whose windows are centred past the word. 0 (default) is the paper's setup:
   *  one step per letter, its own target at once. */
  delay?: number
  /** 'left-to-right' (default): step t reads letter t, so a delay shows the network right-hand context.
   *  'right-to-left': step t reads letter L−1−t (the word's end first), so a recurrent layer has seen all
   *  of the right-hand context, and a delay adds left-hand context. Irrelevant to a feed-forward network. */
  direction?: Direction
  /** 'features' (default): 21 articulatory feature units + 5 stress units = 26 outputs (the paper's).
   *  'one-hot': one unit per phoneme symbol (52) + one per stress mark (5) = 57 outputs. */
  outputCoding?: OutputCoding
  /** Which code J gets with 'features'; default 'corrected'. Ignored by 'one-hot'. */
  jCode?: JCode
}

export type NormalizedNettalkSpec = Required<NettalkSpec>

export const NETTALK_DEFAULTS: NormalizedNettalkSpec = {
  window: 7,
  delay: 0,
  direction: 'left-to-right',
  outputCoding: 'features',
  jCode: 'corrected',
}

/** Every problem of a NETtalk spec, each with its path, without throwing (for editors). */
export function nettalkSpecIssues(spec: NettalkSpec, path = 'nettalk'): SpecIssue[] {
  const issues: SpecIssue[] = []
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) return [{ path, problem: 'expected a NETtalk settings object' }]
  const { window, delay, direction, outputCoding, jCode } = spec
  const whole = (x: unknown) => typeof x === 'number' && Number.isInteger(x)
  if (window !== undefined && !(whole(window) && window >= 1 && window <= MAX_WINDOW && window % 2 === 1)) {
    issues.push({ path: `${path}.window`, problem: `expected an odd whole number from 1 to ${MAX_WINDOW}, got ${JSON.stringify(window)}` })
  }
  if (delay !== undefined && !(whole(delay) && delay >= 0 && delay <= MAX_DELAY)) {
    issues.push({ path: `${path}.delay`, problem: `expected a whole number from 0 to ${MAX_DELAY}, got ${JSON.stringify(delay)}` })
  }
  if (direction !== undefined && !DIRECTIONS.includes(direction)) {
    issues.push({ path: `${path}.direction`, problem: `expected one of ${DIRECTIONS.join(', ')}, got ${JSON.stringify(direction)}` })
  }
  if (outputCoding !== undefined && !OUTPUT_CODINGS.includes(outputCoding)) {
    issues.push({ path: `${path}.outputCoding`, problem: `expected one of ${OUTPUT_CODINGS.join(', ')}, got ${JSON.stringify(outputCoding)}` })
  }
  if (jCode !== undefined && !J_CODES.includes(jCode)) {
    issues.push({ path: `${path}.jCode`, problem: `expected one of ${J_CODES.join(', ')}, got ${JSON.stringify(jCode)}` })
  }
  const known = new Set(Object.keys(NETTALK_DEFAULTS))
  for (const key of Object.keys(spec)) if (!known.has(key)) issues.push({ path: `${path}.${key}`, problem: `unknown setting (known: ${[...known].join(', ')})` })
  return issues
}

/** Fills in the defaults; throws SpecError naming every bad field. */
export function normalizeNettalkSpec(spec: NettalkSpec = {}, path = 'nettalk'): NormalizedNettalkSpec {
  const issues = nettalkSpecIssues(spec, path)
  if (issues.length > 0) throw new SpecError(issues)
  return { ...NETTALK_DEFAULTS, ...definedOnly(spec) }
}

function definedOnly(spec: NettalkSpec): NettalkSpec {
  return Object.fromEntries(Object.entries(spec).filter(([, v]) => v !== undefined))
}
