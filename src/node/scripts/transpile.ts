/**
 * TypeScript → JavaScript for data scripts: the types are stripped (sucrase), nothing else changes. Lines
 * stay where they were, so a runtime error's line in the sandbox is the line in the editor; columns can move
 * left on a line that had type annotations, so sucrase's source map (token by token) takes a column in the
 * JavaScript back to the column in the script (`sourceColumn`): an error has one position, the script's. No
 * type checking here: the editor's TypeScript service does that as the user types (a script with type errors
 * still runs, as `tsc` would still emit it).
 *
 * Plain JavaScript is valid input too. Runs inside the sandbox's worker thread, in the app and the CLI alike.
 */
import { transform } from 'sucrase'
import type { ScriptError } from '../../shared/script-api.js'

const SOURCE_NAME = 'script.ts'

export type Transpiled =
  | {
      ok: true
      code: string
      /** The script's column (1-based) of a place in `code` at `line` and `column` (1-based; lines are the same). */
      sourceColumn(line: number, column: number): number
    }
  | { ok: false; error: ScriptError }

export function transpileScript(source: string): Transpiled {
  try {
    // keep ES syntax and module form as written: QuickJS runs modern JavaScript and the sandbox wants a module
    const { code, sourceMap } = transform(source, {
      transforms: ['typescript'],
      disableESTransforms: true,
      production: true,
      sourceMapOptions: { compiledFilename: 'script.js' },
      filePath: SOURCE_NAME, // a source map needs it; error messages then start with it (taken off below)
    })
    const lines = sourceMap ? decodeMappings(sourceMap.mappings) : []
    return { ok: true, code, sourceColumn: (line, column) => toSourceColumn(lines[line - 1], column) }
  } catch (e) {
    const loc = (e as { loc?: { line?: unknown; column?: unknown } }).loc
    // sucrase: "Unexpected token (3:12)" with loc 1-based; the message says the place again, so drop it
    const message = e instanceof Error ? e.message.replace(/\s*\(\d+:\d+\)$/, '').replace(`Error transforming ${SOURCE_NAME}: `, '') : String(e)
    const where = typeof loc?.line === 'number' && typeof loc.column === 'number' ? { line: loc.line, column: loc.column } : {}
    return { ok: false, error: { kind: 'syntax', message: `SyntaxError: ${message}`, ...where } }
  }
}

/** One line's segments of a source map: [generated column, source column], both 0-based, in order. */
type LineSegments = [number, number][]

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

/**
 * The `mappings` of a source map (Base64 VLQ, source map v3), as generated and source column per segment of each
 * generated line. Sucrase maps every line to the same line of the one source, so source index and line are
 * decoded only to keep the running sums right.
 */
function decodeMappings(mappings: string): LineSegments[] {
  const lines: LineSegments[] = []
  let sourceColumn = 0 // the running sums of fields 2..4 carry over from line to line; field 1 restarts per line
  for (const line of mappings.split(';')) {
    const segments: LineSegments = []
    let generatedColumn = 0
    for (const segment of line.split(',')) {
      if (segment === '') continue
      const fields: number[] = []
      let value = 0
      let shift = 0
      for (const ch of segment) {
        const digit = BASE64.indexOf(ch)
        value += (digit & 31) << shift // 5 value bits per digit, least significant first; bit 6 says "more follows"
        if (digit & 32) {
          shift += 5
        } else {
          fields.push(value & 1 ? -(value >>> 1) : value >>> 1) // the lowest bit is the sign
          value = 0
          shift = 0
        }
      }
      generatedColumn += fields[0]
      if (fields.length >= 4) {
        sourceColumn += fields[3]
        segments.push([generatedColumn, sourceColumn])
      }
    }
    lines.push(segments)
  }
  return lines
}

/** The source column (1-based) of a generated column (1-based) on a line: the last segment at or before it,
 *  plus the distance into that token. Without a map for the line, the column as it is. */
function toSourceColumn(segments: LineSegments | undefined, column: number): number {
  let best: [number, number] | undefined
  for (const s of segments ?? []) {
    if (s[0] > column - 1) break
    best = s
  }
  return best ? best[1] + (column - 1 - best[0]) + 1 : column
}
