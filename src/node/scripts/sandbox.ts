/**
 * Runs a data script in a sandbox: QuickJS compiled to WebAssembly (quickjs-emscripten), a separate
 * JavaScript interpreter with its own heap, so the script can reach nothing of the host: no Node, no files,
 * no network, no timers, no modules, no app. docs/scripting.md gives the reasons and the guarantees.
 *
 * Every run gets a fresh WebAssembly instance, runtime and context, and disposes of them at the end; when the
 * interpreter itself failed (the host's stack ran out inside it), the whole instance is dropped instead.
 * Limits: a deadline (an interrupt handler QuickJS calls while it runs; the error it raises cannot be caught
 * by the script), a heap limit and a stack limit. The result leaves the sandbox only as JSON text made inside
 * it (size-capped) and parsed here, then checked by checkScriptResult: no handle, Proxy or getter of the
 * guest ever runs in the host.
 *
 * Node-, Electron- and DOM-free; it computes on the calling thread, so the app and the CLI call it through
 * runScriptInWorker (run-in-worker.ts), which also stops a run from outside if it overruns.
 */
import { jsonBudgetProblem } from '../../shared/json-limits.js'
import variant from '@jitl/quickjs-wasmfile-release-sync'
import { newQuickJSWASMModuleFromVariant, type QuickJSContext, type QuickJSHandle, type QuickJSRuntime, type QuickJSWASMModule } from 'quickjs-emscripten-core'
import { SCRIPT_LIMITS } from '../../shared/project-constants.js'
import { checkRunOptions, checkScriptResult, timeLimitMessage, type ScriptError, type ScriptRunOptions, type ScriptRunResult } from '../../shared/script-api.js'
import { PRELUDE_FILENAME, PRELUDE_SOURCE } from './prelude.js'
import { transpileScript } from './transpile.js'

/** The name the script has in stack traces. */
export const SCRIPT_FILENAME = 'script.js'

/** The start of the prelude's message for a script without a usable default export. */
const NO_DEFAULT_EXPORT = 'the script must export'

/** After a failure: extra time and memory to read the error and the console notes. */
const DIAGNOSIS_MS = 500
const DIAGNOSIS_BYTES = 16 * 2 ** 20
/** Longest JSON text of an error description or of the notes. */
const MAX_DIAGNOSIS_CHARS = 2 ** 20

type Outcome = { ok: true; value: QuickJSHandle } | { ok: false; thrown: QuickJSHandle } | { ok: false; error: ScriptError }

/**
 * Runs `source` (a TypeScript or JavaScript ES module whose default export builds the data set; types are
 * stripped first, transpile.ts) and returns the checked data or why not.
 */
/** What of a result may cross out of the sandbox: its JSON text's characters (checked before it is copied
 *  out) and that text's arrays and objects (checked before it is parsed). Default SCRIPT_LIMITS; tests pass
 *  smaller ones. */
export interface ResultBudget {
  chars: number
  containers: number
}
const RESULT_BUDGET: ResultBudget = { chars: SCRIPT_LIMITS.maxResultChars, containers: SCRIPT_LIMITS.maxResultContainers }

export async function runScript(source: string, options: ScriptRunOptions, budget: ResultBudget = RESULT_BUDGET): Promise<ScriptRunResult> {
  if (typeof source !== 'string') throw new TypeError('the script source must be a string')
  const opts = checkRunOptions(options)
  const js = transpileScript(source)
  if (!js.ok) return { ok: false, error: js.error, notes: [] }
  const wasm = await newQuickJSWASMModuleFromVariant(variant) // a fresh instance: nothing survives from other runs
  const result = runInFreshRuntime(wasm, js.code, opts, budget)
  // QuickJS places errors in the JavaScript it ran: give them the script's column (types stripped before it)
  if (!result.ok && result.error.line !== undefined && result.error.column !== undefined) {
    return { ...result, error: { ...result.error, column: js.sourceColumn(result.error.line, result.error.column) } }
  }
  return result
}

function runInFreshRuntime(wasm: QuickJSWASMModule, source: string, opts: Required<ScriptRunOptions>, budget: ResultBudget): ScriptRunResult {
  let runtime: QuickJSRuntime | undefined
  let ctx: QuickJSContext | undefined
  const handles: QuickJSHandle[] = []
  let intact = true
  try {
    runtime = wasm.newRuntime()
    ctx = runtime.newContext()
    return new Run(runtime, ctx, handles, opts, budget).execute(source)
  } catch (e) {
    // an exception out of the interpreter (not a script error: those stay inside as values) leaves the
    // instance in an unknown state; it is not touched again
    intact = false
    return { ok: false, error: hostFailure(e), notes: [] }
  } finally {
    if (intact) {
      try {
        for (const h of handles) if (h.alive) h.dispose()
        ctx?.dispose()
        runtime?.dispose()
      } catch {
        // dropped with its memory
      }
    }
  }
}

function hostFailure(e: unknown): ScriptError {
  if (e instanceof RangeError && /call stack/i.test(e.message)) {
    return { kind: 'runtime', message: 'InternalError: stack overflow (the script nests too deeply)' }
  }
  return { kind: 'internal', message: `the sandbox failed: ${e instanceof Error ? e.message : String(e)}` }
}

class Run {
  private deadline = 0
  private timedOut = false

  constructor(
    private readonly runtime: QuickJSRuntime,
    private readonly ctx: QuickJSContext,
    private readonly handles: QuickJSHandle[],
    private readonly opts: Required<ScriptRunOptions>,
    private readonly budget: ResultBudget,
  ) {}

  execute(source: string): ScriptRunResult {
    const { runtime, ctx, opts } = this
    runtime.setMemoryLimit(opts.memoryLimitBytes)
    runtime.setMaxStackSize(SCRIPT_LIMITS.maxStackBytes)
    this.deadline = Date.now() + opts.timeLimitMs
    runtime.setInterruptHandler(() => {
      if (Date.now() <= this.deadline) return false
      this.timedOut = true
      return true
    })

    const prelude = this.unwrap(ctx.evalCode(PRELUDE_SOURCE, PRELUDE_FILENAME, { type: 'global', strict: true }))
    if (!prelude.ok) return { ok: false, error: { kind: 'internal', message: 'the sandbox could not start (is the memory limit too small?)' }, notes: [] }
    const control = this.unwrap(ctx.callFunction(prelude.value, ctx.undefined, this.keep(ctx.newNumber(opts.seed))))
    if (!control.ok) return { ok: false, error: { kind: 'internal', message: 'the sandbox could not start its helpers' }, notes: [] }
    // the prelude's functions, read before any script code runs (the object is frozen and made by the prelude)
    const fn = (name: string) => this.keep(ctx.getProp(control.value, name))
    const run = fn('run')
    const serialize = fn('serialize')
    const describe = fn('describe')
    const notes = fn('notes')

    let phase: 'evaluate' | 'run' = 'evaluate'
    let out = this.settle(this.unwrap(ctx.evalCode(source, SCRIPT_FILENAME, { type: 'module' })))
    if (out.ok) {
      phase = 'run'
      out = this.settle(this.unwrap(ctx.callFunction(run, ctx.undefined, out.value)))
    }
    if (out.ok) out = this.unwrap(ctx.callFunction(serialize, ctx.undefined, out.value))
    let text: string | undefined
    if (out.ok) {
      const read = this.readString(out.value, this.budget.chars)
      if (typeof read === 'string') text = read
      else out = { ok: false, error: tooLarge(read, this.budget.chars) }
    }
    if (!out.ok) {
      const error = 'thrown' in out ? this.explain(out.thrown, describe, phase) : out.error
      return { ok: false, error, notes: this.readNotes(notes) }
    }
    const consoleNotes = this.readNotes(notes)
    // within the character budget, a text of tiny arrays could still take ~17× its size once parsed
    const tooMany = jsonBudgetProblem(text!, { containers: this.budget.containers })
    if (tooMany !== null) return { ok: false, error: { kind: 'result', message: `the data set is too large to copy out of the sandbox: ${tooMany}` }, notes: consoleNotes }
    let value: unknown
    try {
      value = JSON.parse(text!)
    } catch {
      return { ok: false, error: { kind: 'internal', message: 'the sandbox returned text that is not JSON' }, notes: consoleNotes }
    }
    const checked = checkScriptResult(value)
    if (!checked.ok) return { ok: false, error: checked.error, notes: consoleNotes }
    return { ok: true, data: checked.data, notes: [...checked.notes, ...consoleNotes] }
  }

  private keep(h: QuickJSHandle): QuickJSHandle {
    this.handles.push(h)
    return h
  }

  private unwrap(r: { value: QuickJSHandle; error?: undefined } | { error: QuickJSHandle }): Outcome {
    return r.error ? { ok: false, thrown: this.keep(r.error) } : { ok: true, value: this.keep((r as { value: QuickJSHandle }).value) }
  }

  /** A promise is run to its end (its jobs executed): the fulfilled value or the rejection. */
  private settle(out: Outcome): Outcome {
    if (!out.ok) return out
    let state = this.ctx.getPromiseState(out.value)
    if (state.type === 'fulfilled' && state.notAPromise) return out
    if (state.type === 'pending') {
      const jobs = this.runtime.executePendingJobs()
      if (jobs.error) return { ok: false, thrown: this.keep(jobs.error) }
      state = this.ctx.getPromiseState(out.value)
    }
    if (state.type === 'pending') {
      return {
        ok: false,
        error: { kind: 'runtime', message: "the script's promise never settled: the sandbox has no timers or I/O, so `await` can only wait for other promises" },
      }
    }
    return state.type === 'fulfilled' ? { ok: true, value: this.keep(state.value) } : { ok: false, thrown: this.keep(state.error) }
  }

  /** A string of the guest, copied out if it is one and not longer than `cap`; otherwise its length (or undefined). */
  private readString(h: QuickJSHandle, cap: number): string | { length?: number } {
    if (this.ctx.typeof(h) !== 'string') return {}
    const length = this.ctx.getNumber(this.keep(this.ctx.getProp(h, 'length'))) // a primitive string's own length
    if (!Number.isInteger(length) || length > cap) return { length }
    return this.ctx.getString(h)
  }

  /** Room to read what went wrong, even when time or memory ran out. */
  private extend(): void {
    this.deadline = Date.now() + DIAGNOSIS_MS
    this.runtime.setMemoryLimit(this.opts.memoryLimitBytes + DIAGNOSIS_BYTES)
  }

  private call(fn: QuickJSHandle, arg?: QuickJSHandle): string | undefined {
    const out = this.unwrap(arg ? this.ctx.callFunction(fn, this.ctx.undefined, arg) : this.ctx.callFunction(fn, this.ctx.undefined))
    if (!out.ok) return undefined
    const text = this.readString(out.value, MAX_DIAGNOSIS_CHARS)
    return typeof text === 'string' ? text : undefined
  }

  private readNotes(notes: QuickJSHandle): string[] {
    this.extend()
    const text = this.call(notes)
    try {
      const list: unknown = text === undefined ? [] : JSON.parse(text)
      if (!Array.isArray(list)) return []
      return list
        .filter((x): x is string => typeof x === 'string')
        .slice(0, SCRIPT_LIMITS.maxConsoleLines + 1)
        .map((x) => x.slice(0, SCRIPT_LIMITS.maxNoteChars + 40))
    } catch {
      return []
    }
  }

  /** What a thrown value means for the user: kind, one-line message, and where in the script. */
  private explain(thrown: QuickJSHandle, describe: QuickJSHandle, phase: 'evaluate' | 'run'): ScriptError {
    const timedOut = this.timedOut
    this.extend()
    let name = ''
    let message = ''
    let stack = ''
    const text = this.call(describe, thrown)
    try {
      const d: unknown = text === undefined ? undefined : JSON.parse(text)
      if (typeof d === 'object' && d !== null) {
        const r = d as Record<string, unknown>
        name = typeof r.name === 'string' ? r.name : ''
        message = typeof r.message === 'string' ? r.message : ''
        stack = typeof r.stack === 'string' ? r.stack : ''
      }
    } catch {
      // described as unreadable below
    }
    const where = location(stack)
    // QuickJS reports an interrupt at the start of the function it stopped (a loop has no position of its own)
    if (timedOut) return { kind: 'timeout', message: `${timeLimitMessage(this.opts.timeLimitMs)}${where.line !== undefined ? ` (in the function starting at line ${where.line})` : ''}`, ...where }
    if (name === 'InternalError' && message === 'out of memory') {
      return { kind: 'memory', message: `the script needed more memory than its limit of ${Math.round(this.opts.memoryLimitBytes / 2 ** 20)} MB${where.line !== undefined ? ` (at line ${where.line})` : ''}`, ...where }
    }
    if (text === undefined) return { kind: 'runtime', message: 'the script failed, and what it threw could not be read', ...where }
    if (phase === 'run' && message.startsWith(NO_DEFAULT_EXPORT)) return { kind: 'result', message }
    if (message === 'stack overflow') message += ' (the script nests too deeply)'
    if (/^could not load module/.test(message)) message += ': a script cannot import anything; it has the helpers h and the built-ins'
    const line = name ? `${name}: ${message}` : message
    const compileError = phase === 'evaluate' && name === 'SyntaxError' && new RegExp(`^\\s*at ${escape(SCRIPT_FILENAME)}:\\d+:\\d+\\s*$`).test(stack.split('\n')[0] ?? '')
    return { kind: compileError ? 'syntax' : 'runtime', message: line, ...where }
  }
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** Line and column of the innermost frame in the script itself (not the helpers), from a QuickJS stack. */
function location(stack: string): { line?: number; column?: number } {
  const m = new RegExp(`${escape(SCRIPT_FILENAME)}:(\\d+):(\\d+)`).exec(stack)
  return m ? { line: Number(m[1]), column: Number(m[2]) } : {}
}

function tooLarge(read: { length?: number }, chars: number): ScriptError {
  if (read.length === undefined) return { kind: 'internal', message: 'the sandbox could not copy the result out' }
  return {
    kind: 'result',
    message: `the data set is too large to copy out of the sandbox: ${read.length} characters as JSON, the limit is ${chars}`,
  }
}
