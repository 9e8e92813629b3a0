/**
 * TypeScript → JavaScript for data scripts: the types are stripped (sucrase), nothing else changes. Lines
 * stay where they were, so a runtime error's line in the sandbox is the line in the editor; columns can move
 * left on a line that had type annotations. No type checking here: the editor's TypeScript service does that
 * as the user types (a script with type errors still runs, as `tsc` would still emit it).
 *
 * Plain JavaScript is valid input too. Runs inside the sandbox's worker thread, in the app and the CLI alike.
 */
import { transform } from 'sucrase'
import type { ScriptError } from '../../shared/script-api.js'

export type Transpiled = { ok: true; code: string } | { ok: false; error: ScriptError }

export function transpileScript(source: string): Transpiled {
  try {
    // keep ES syntax and module form as written: QuickJS runs modern JavaScript and the sandbox wants a module
    const { code } = transform(source, { transforms: ['typescript'], disableESTransforms: true, production: true })
    return { ok: true, code }
  } catch (e) {
    const loc = (e as { loc?: { line?: unknown; column?: unknown } }).loc
    // sucrase: "Unexpected token (3:12)" with loc 1-based; the message says the place again, so drop it
    const message = e instanceof Error ? e.message.replace(/\s*\(\d+:\d+\)$/, '') : String(e)
    const where = typeof loc?.line === 'number' && typeof loc.column === 'number' ? { line: loc.line, column: loc.column } : {}
    return { ok: false, error: { kind: 'syntax', message: `SyntaxError: ${message}`, ...where } }
  }
}
