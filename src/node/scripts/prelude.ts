/**
 * The prelude: JavaScript that runs inside the sandbox, before the user's script, in the same interpreter.
 * Evaluated as a global script, it yields `setup(seed)`, which
 *   - builds the helpers `h` (src/shared/script-api.ts declares them for scripts),
 *   - seeds Math.random, stops the clock of Date, and installs a console that collects notes,
 *   - returns the functions the host calls: run (calls the default export with h), serialize (the result as
 *     JSON text), describe (a thrown value as JSON text) and notes (the console output as JSON text).
 * Everything the host receives from the sandbox is a string made here; the host never reads a guest object.
 *
 * The prelude is not a security boundary (the interpreter is): a script can break its own helpers, and then
 * its own run fails. It captures the built-ins it needs before the script runs, so that ordinary scripts that
 * redefine globals still work.
 *
 * The generator is the core's sfc32 (src/core/rng.ts) transcribed: h.rng with seed s yields exactly the
 * numbers of the core's createRng(s) (a test checks this), so data built in TypeScript with createRng can be
 * rebuilt by a script. Math.random draws from stream 1 of the same seed.
 */
import { SCRIPT_LIMITS } from '../../shared/project-constants.js'
import { SCRIPT_VALUE_MARK } from '../../shared/script-api.js'

export const PRELUDE_FILENAME = 'rnnwb-helpers.js'

export const PRELUDE_SOURCE = `(function () {
'use strict'
const MARK = ${JSON.stringify(SCRIPT_VALUE_MARK)}
const MAX_LINES = ${SCRIPT_LIMITS.maxConsoleLines}
const MAX_CHARS = ${SCRIPT_LIMITS.maxNoteChars}
const stringify = JSON.stringify
const StringCtor = String, RangeErrorCtor = RangeError, TypeErrorCtor = TypeError, ErrorCtor = Error
const isFiniteNumber = Number.isFinite
const createObject = Object.create
const setPrototypeOf = Object.setPrototypeOf
const isArray = Array.isArray
const isView = ArrayBuffer.isView
const arrayFrom = Array.from
const objectFreeze = Object.freeze
const defineProperty = Object.defineProperty
const objectToString = Object.prototype.toString
const isInteger = Number.isInteger
const imul = Math.imul, floor = Math.floor, sqrt = Math.sqrt, log = Math.log, cos = Math.cos, PI = Math.PI
const RealDate = Date
const DataViewCtor = DataView
const apply = Reflect.apply
const construct = Reflect.construct

function splitmix32(s) {
  let z = s >>> 0
  z = imul(z ^ (z >>> 16), 0x85ebca6b)
  z = imul(z ^ (z >>> 13), 0xc2b2ae35)
  return (z ^ (z >>> 16)) >>> 0
}
const GOLDEN = 0x9e3779b9
function sfc32(seed, stream) {
  let a = 0, b = 0, c = 0, d = 0
  const nextUint32 = () => {
    const t = (((a + b) >>> 0) + d) >>> 0
    d = (d + 1) >>> 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) >>> 0
    c = (c << 21) | (c >>> 11)
    c = (c + t) >>> 0
    return t
  }
  const s0 = ((seed >>> 0) ^ imul(stream + 1, 0x632be5ab)) >>> 0
  a = splitmix32(s0 + GOLDEN)
  b = splitmix32(s0 + 2 * GOLDEN)
  c = splitmix32(s0 + 3 * GOLDEN)
  d = splitmix32(s0 + 4 * GOLDEN)
  for (let i = 0; i < 12; i++) nextUint32()
  return () => {
    const hi = nextUint32() >>> 11
    const lo = nextUint32()
    return (hi * 4294967296 + lo) / 9007199254740992
  }
}

function fail(what, message) {
  throw new RangeErrorCtor(what + ': ' + message)
}
function whole(x, what, min) {
  if (typeof x !== 'number' || !isInteger(x) || x < min) fail(what, 'expected a whole number ≥ ' + min + ', got ' + brief(x))
  return x
}
function brief(x) {
  try {
    if (typeof x === 'string') return stringify(x.length > 60 ? x.slice(0, 60) + '…' : x)
    if (typeof x === 'function') return 'a function'
    if (typeof x === 'symbol' || typeof x === 'bigint') return StringCtor(x) + (typeof x === 'bigint' ? 'n' : '')
    if (x === null || typeof x !== 'object') return StringCtor(x)
    if (isArray(x)) return 'a list of ' + x.length
    return 'an object'
  } catch (e) {
    return 'a value'
  }
}

function makeRng(next) {
  const int = (n) => {
    if (typeof n !== 'number' || !isInteger(n) || n < 1) fail('rng.int(n)', 'n must be a whole number ≥ 1, got ' + brief(n))
    return floor(next() * n)
  }
  return objectFreeze({
    next: () => next(),
    int,
    uniform: (lo, hi) => lo + (hi - lo) * next(),
    normal: (mean = 0, sd = 1) => {
      const u1 = next()
      const u2 = next()
      return mean + sd * sqrt(-2 * log(1 - u1)) * cos(2 * PI * u2)
    },
    bit: (p = 0.5) => (next() < p ? 1 : 0),
    pick: (items) => {
      if (!isArray(items) || items.length === 0) fail('rng.pick(items)', 'expected a non-empty array, got ' + brief(items))
      return items[int(items.length)]
    },
    shuffle: (items) => {
      if (!isArray(items)) fail('rng.shuffle(items)', 'expected an array, got ' + brief(items))
      for (let i = items.length - 1; i > 0; i--) {
        const j = int(i + 1)
        const tmp = items[i]
        items[i] = items[j]
        items[j] = tmp
      }
      return items
    },
  })
}

function oneHot(i, n) {
  whole(n, 'oneHot(i, n): n', 1)
  if (typeof i !== 'number' || !isInteger(i) || i < 0 || i >= n) fail('oneHot(i, n)', 'i must be a whole number in [0, ' + n + '), got ' + brief(i))
  const v = []
  for (let k = 0; k < n; k++) v[k] = k === i ? 1 : 0
  return v
}

function windows(items, width, pad) {
  if (!isArray(items) && typeof items !== 'string') fail('windows(items, width, pad)', 'items must be an array, got ' + brief(items))
  whole(width, 'windows(items, width, pad): width', 1)
  const padded = arguments.length >= 3
  const out = []
  for (let t = padded ? 0 : width - 1; t < items.length; t++) {
    const w = []
    for (let k = t - width + 1; k <= t; k++) w[w.length] = k < 0 ? pad : items[k]
    out[out.length] = w
  }
  return out
}

function range(a, b, step) {
  let start = 0, end = a
  if (arguments.length >= 2) { start = a; end = b }
  if (step === undefined) step = 1
  if (typeof start !== 'number' || !isFiniteNumber(start)) fail('range', 'start must be a finite number, got ' + brief(start))
  if (typeof end !== 'number' || !isFiniteNumber(end)) fail('range', 'end must be a finite number, got ' + brief(end))
  if (typeof step !== 'number' || !isFiniteNumber(step)) fail('range', 'step must be a finite number, got ' + brief(step))
  if (step === 0) fail('range', 'step must not be 0')
  const out = []
  for (let i = 0, x = start; step > 0 ? x < end : x > end; i++, x = start + i * step) out[out.length] = x
  return out
}

function zip(a, b) {
  if (!isArray(a) || !isArray(b)) fail('zip(a, b)', 'expected two arrays, got ' + brief(a) + ' and ' + brief(b))
  const n = a.length < b.length ? a.length : b.length
  const out = []
  for (let i = 0; i < n; i++) out[i] = [a[i], b[i]]
  return out
}

function replacer(key, value) {
  switch (typeof value) {
    case 'number':
      return value === value && value !== Infinity && value !== -Infinity ? value : MARK + StringCtor(value)
    case 'undefined':
      return MARK + 'undefined'
    case 'function':
      return MARK + 'a function'
    case 'symbol':
      return MARK + 'a symbol'
    case 'bigint':
      return MARK + 'a BigInt (' + StringCtor(value) + 'n; use a number)'
    case 'object':
      return value !== null && isView(value) && !(value instanceof DataViewCtor) ? arrayFrom(value) : value
    default:
      return value
  }
}

function format(x) {
  if (typeof x === 'string') return x
  if (x === null || (typeof x !== 'object' && typeof x !== 'function')) return typeof x === 'bigint' ? StringCtor(x) + 'n' : StringCtor(x)
  try {
    if (x instanceof ErrorCtor) return StringCtor(x.name) + ': ' + StringCtor(x.message)
    const s = stringify(x, (k, v) => (typeof v === 'object' && v !== null && isView(v) ? arrayFrom(v) : v))
    return s === undefined ? objectToString.call(x) : s
  } catch (e) {
    return objectToString.call(x)
  }
}

return function setup(seed) {
  const rng = makeRng(sfc32(seed, 0))
  const mathNext = sfc32(seed, 1)
  defineProperty(Math, 'random', { value: function random() { return mathNext() }, writable: true, configurable: true, enumerable: false })

  // the clock stands still at the epoch: the same script gives the same data on every run
  const FIXED = 0
  function FrozenDate(...args) {
    if (new.target === undefined) return new RealDate(FIXED).toString()
    return construct(RealDate, args.length === 0 ? [FIXED] : args, new.target)
  }
  FrozenDate.prototype = RealDate.prototype
  FrozenDate.now = function now() { return FIXED }
  FrozenDate.parse = RealDate.parse
  FrozenDate.UTC = RealDate.UTC
  defineProperty(RealDate.prototype, 'constructor', { value: FrozenDate, writable: true, configurable: true, enumerable: false })
  defineProperty(globalThis, 'Date', { value: FrozenDate, writable: true, configurable: true, enumerable: false })

  const lines = setPrototypeOf([], null) // no toJSON or setters a script could add to Array.prototype
  let dropped = 0
  const write = (prefix) => function (...values) {
    if (lines.length >= MAX_LINES) { dropped++; return }
    let text = ''
    for (let i = 0; i < values.length; i++) text += (i > 0 ? ' ' : '') + format(values[i])
    if (text.length > MAX_CHARS) text = text.slice(0, MAX_CHARS) + '…'
    lines[lines.length] = prefix + text
  }
  const console = objectFreeze({ log: write('console: '), info: write('console: '), debug: write('console: '), warn: write('console (warning): '), error: write('console (error): ') })
  defineProperty(globalThis, 'console', { value: console, writable: true, configurable: true, enumerable: false })

  const h = objectFreeze({ seed, rng, oneHot, windows, range, zip })

  return objectFreeze({
    run(ns) {
      const main = ns.default
      if (typeof main !== 'function') {
        throw new TypeErrorCtor('the script must export its data set builder as default: export default function (h) { … return { inputSize, outputSize, train } }' + (main === undefined ? '' : ' (the default export is ' + brief(main) + ')'))
      }
      return apply(main, undefined, [h])
    },
    serialize(value) {
      const text = stringify(value, replacer)
      return text === undefined ? stringify(MARK + 'undefined') : text
    },
    describe(e) {
      const out = createObject(null)
      out.name = ''
      out.message = ''
      out.stack = ''
      try {
        if (typeof e === 'string') {
          out.message = e
        } else if (e !== null && (typeof e === 'object' || typeof e === 'function')) {
          const name = e.name, message = e.message, stack = e.stack
          out.name = typeof name === 'string' ? name : ''
          out.message = typeof message === 'string' ? message : message === undefined ? '' : brief(message)
          out.stack = typeof stack === 'string' ? stack : ''
          if (!out.name && !out.message) out.message = 'the script threw ' + brief(e)
        } else {
          out.message = 'the script threw ' + brief(e)
        }
      } catch (x) {
        out.name = ''
        out.message = 'the script threw a value that could not be read'
        out.stack = ''
      }
      out.name = StringCtor(out.name).slice(0, 200)
      out.message = StringCtor(out.message).slice(0, 2000)
      out.stack = StringCtor(out.stack).slice(0, 20000)
      return stringify(out)
    },
    notes() {
      const all = setPrototypeOf([], null)
      for (let i = 0; i < lines.length; i++) all[i] = lines[i]
      if (dropped > 0) all[all.length] = '(' + dropped + ' more console lines not kept)'
      return stringify(all)
    },
  })
}
})()
`
