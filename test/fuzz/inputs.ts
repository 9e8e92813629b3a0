// Hostile inputs for the fuzz properties (properties.ts): valid projects, data sets and weights drawn at random,
// then mutated as a JSON tree (wrong types, huge numbers, NaN strings, nesting, control characters, prototype
// keys, unicode edge cases), as text (truncated, spliced) or as bytes (flipped, cut, random), and .npz archives
// rebuilt from crafted members.
//
// JSON trees are kept as Node values (objects as entry lists, so that `__proto__` is an ordinary key) and
// written by `emit`, which also splices raw text (numbers JSON.stringify cannot write, deep nesting).
import fc from 'fast-check'
import { zipSync } from 'fflate'
import { normalizeNetworkSpec, paramLayout, specIssues, type NetworkSpec, type OptimizerState, type TrainingSpec } from '../../src/core/index.js'
import { createProject, checkProject, toProjectFile, type InlineData, type Project, type ProjectData } from '../../src/shared/project-file.js'
import { SCRIPT_VALUE_MARK } from '../../src/shared/script-api.js'

// ───────────────────────────── JSON trees ─────────────────────────────

/** JSON text spliced in as it is. */
export class Raw {
  constructor(readonly text: string) {}
}
/** An object as its entries, in order; keys may repeat and may be `__proto__`. */
export class Obj {
  constructor(readonly entries: [string, Node][]) {}
}
export type Node = null | boolean | number | string | Raw | Obj | Node[]

export function fromJson(value: unknown): Node {
  if (Array.isArray(value)) return value.map(fromJson)
  if (typeof value === 'object' && value !== null) return new Obj(Object.entries(value).map(([k, v]) => [k, fromJson(v)]))
  return value as Node
}

export function emit(node: Node): string {
  if (node instanceof Raw) return node.text
  if (node instanceof Obj) return `{${node.entries.map(([k, v]) => `${JSON.stringify(k)}:${emit(v)}`).join(',')}}`
  if (Array.isArray(node)) return `[${node.map(emit).join(',')}]`
  if (typeof node === 'number' && !Number.isFinite(node)) return String(node) // NaN, Infinity: not JSON, on purpose
  return JSON.stringify(node)
}

/** Every place in the tree that a mutation can reach, parents before children. */
function places(root: Node): { parent: Obj | Node[]; key: number }[] {
  const out: { parent: Obj | Node[]; key: number }[] = []
  const stack: Node[] = [root]
  while (stack.length > 0) {
    const node = stack.pop()!
    if (node instanceof Obj) node.entries.forEach(([, v], i) => (out.push({ parent: node, key: i }), stack.push(v)))
    else if (Array.isArray(node)) node.forEach((v, i) => (out.push({ parent: node, key: i }), stack.push(v)))
  }
  return out
}

function cloneTree(node: Node): Node {
  if (node instanceof Obj) return new Obj(node.entries.map(([k, v]) => [k, cloneTree(v)]))
  if (Array.isArray(node)) return node.map(cloneTree)
  return node
}

export type TreeOp =
  | { op: 'replace'; at: number; value: Node }
  | { op: 'delete'; at: number }
  | { op: 'add-key'; at: number; key: string; value: Node }
  | { op: 'wrap'; at: number; depth: number }

export function applyTreeOps(root: Node, ops: readonly TreeOp[]): Node {
  let tree = cloneTree(root)
  for (const o of ops) {
    const all = places(tree)
    if (all.length === 0) {
      if (o.op === 'replace') tree = cloneTree(o.value)
      continue
    }
    const { parent, key } = all[o.at % all.length]
    const get = (): Node => (parent instanceof Obj ? parent.entries[key][1] : parent[key])
    const set = (v: Node) => (parent instanceof Obj ? (parent.entries[key][1] = v) : (parent[key] = v))
    // values are cloned on the way in: fast-check hands out the same constant objects again and again
    if (o.op === 'replace') set(cloneTree(o.value))
    else if (o.op === 'delete') parent instanceof Obj ? parent.entries.splice(key, 1) : parent.splice(key, 1)
    else if (o.op === 'wrap') set(Array.from({ length: o.depth }).reduce<Node>((inner) => [inner], get()))
    else {
      const target = get()
      if (target instanceof Obj) target.entries.push([o.key, cloneTree(o.value)])
      else if (parent instanceof Obj) parent.entries.push([o.key, cloneTree(o.value)])
    }
  }
  return tree
}

// ───────────────────────────── hostile values ─────────────────────────────

const char = (min: number, max: number) => fc.integer({ min, max }).map((c) => String.fromCharCode(c))
/** Strings with control characters, lone surrogates, BOMs, bidi overrides, separators and non-BMP characters. */
export const nastyString = fc.oneof(
  fc.string({ unit: char(0, 0x1f), maxLength: 20 }),
  fc.string({ unit: char(0xd7f0, 0xe010), maxLength: 10 }), // lone and paired surrogates
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom(
    '\x1b[2J\x1b[H',
    '\u202e\u2066',
    '\u2028\u2029',
    '\ufeff',
    '\ud800',
    '\udfff',
    '💥',
    'a\u0000b',
    '[1,   2]', // looks like an array of numbers inside a string
    '[\n 1,\n 2]',
    '"',
    '\\',
    '__proto__',
    'constructor',
    'NaN',
    'Infinity',
    '-0',
    '1e999',
    '0x10',
    '',
    ' ',
    '../../../../etc/passwd',
    'bundled',
    SCRIPT_VALUE_MARK + 'NaN',
    SCRIPT_VALUE_MARK + 'undefined',
    SCRIPT_VALUE_MARK + 'a function',
  ),
  fc.nat({ max: 200_000 }).map((n) => 'x'.repeat(n)),
)

/** Nesting that stays far below any stack limit (deeper nesting is `deepNesting`). */
const MODEST_DEPTH = 200

const protoObject = fc.constantFrom<Node>(
  new Obj([['__proto__', new Obj([['polluted', 'yes']])]]),
  new Obj([['constructor', new Obj([['prototype', new Obj([['polluted', 'yes']])]])]]),
  new Obj([['__proto__', [1, 2]]]),
  new Obj([['__proto__', null]]),
  new Obj([['prototype', new Obj([['polluted', 'yes']])]]),
  new Obj([['toString', 'x'], ['valueOf', 1], ['hasOwnProperty', null]]),
)

const nesting = (maxDepth: number) =>
  fc.tuple(fc.integer({ min: 1, max: maxDepth }), fc.constantFrom('[', '{"a":', '[1,', '{"__proto__":')).map(([n, open]) => {
    const close = open.startsWith('[') ? ']' : '}'
    const leaf = open.startsWith('[') ? '' : '1'
    return new Raw(open.repeat(n) + (open === '[1,' ? '1' : leaf) + close.repeat(n))
  })

/** Values to put where a valid one was. `maxDepth` bounds raw nesting (see KNOWN_OPEN). */
export const hostileValue = (maxDepth: number): fc.Arbitrary<Node> =>
  fc.oneof(
    fc.constantFrom<Node>(null, true, false, 0, -1, 1.5, 1e308, -1e308, 2 ** 53 + 2, 5e-324, -5e-324, 4294967296, [], new Obj([])),
    fc.constantFrom<Node>(new Raw('1e400'), new Raw('-1e400'), new Raw('-0'), new Raw('1E+999'), new Raw('0.' + '0'.repeat(400) + '1'), new Raw('1' + '0'.repeat(400))),
    fc.double().map((x): Node => x), // NaN and ±Infinity are written as such: not JSON
    fc.integer().map((x): Node => x),
    nastyString,
    protoObject,
    nesting(maxDepth),
    fc.jsonValue({ maxDepth: 3 }).map(fromJson),
  )

const hostileKey = fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '', 'kind', 'u', 'z'), nastyString.filter((s) => s.length < 100))

export const treeOps = (maxDepth: number): fc.Arbitrary<TreeOp[]> =>
  fc.array(
    fc.oneof(
      { weight: 5, arbitrary: fc.record({ op: fc.constant('replace' as const), at: fc.nat(), value: hostileValue(maxDepth) }) },
      { weight: 2, arbitrary: fc.record({ op: fc.constant('delete' as const), at: fc.nat() }) },
      { weight: 2, arbitrary: fc.record({ op: fc.constant('add-key' as const), at: fc.nat(), key: hostileKey, value: hostileValue(maxDepth) }) },
      { weight: 1, arbitrary: fc.record({ op: fc.constant('wrap' as const), at: fc.nat(), depth: fc.integer({ min: 1, max: Math.min(maxDepth, MODEST_DEPTH) }) }) },
    ),
    { maxLength: 4 },
  )

// ───────────────────────────── text and byte mutations ─────────────────────────────

export type TextOp = { op: 'truncate'; at: number } | { op: 'insert'; at: number; text: string } | { op: 'remove'; at: number; length: number }

/** Positions are fractions of the current length (0..1), so that shrinking keeps them meaningful. */
export const textOps = fc.array(
  fc.oneof(
    fc.record({ op: fc.constant('truncate' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
    fc.record({ op: fc.constant('insert' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), text: fc.oneof(nastyString, fc.constantFrom('{', '}', '[', ']', ',', ':', '"', '\ufeff', '\r\n', '\n', ';', '\t')) }),
    fc.record({ op: fc.constant('remove' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), length: fc.integer({ min: 1, max: 20 }) }),
  ),
  { maxLength: 3 },
)

export function applyTextOps(text: string, ops: readonly TextOp[]): string {
  for (const o of ops) {
    const i = Math.floor(o.at * text.length)
    if (o.op === 'truncate') text = text.slice(0, i)
    else if (o.op === 'insert') text = text.slice(0, i) + o.text + text.slice(i)
    else text = text.slice(0, i) + text.slice(i + o.length)
  }
  return text
}

export type ByteOp = { op: 'flip'; at: number; value: number } | { op: 'truncate'; at: number } | { op: 'insert'; at: number; bytes: Uint8Array }

export const byteOps = fc.array(
  fc.oneof(
    fc.record({ op: fc.constant('flip' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), value: fc.integer({ min: 0, max: 255 }) }),
    fc.record({ op: fc.constant('truncate' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
    fc.record({ op: fc.constant('insert' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), bytes: fc.uint8Array({ maxLength: 16 }) }),
  ),
  { maxLength: 4 },
)

export function applyByteOps(bytes: Uint8Array, ops: readonly ByteOp[]): Uint8Array {
  let out = bytes.slice()
  for (const o of ops) {
    const i = Math.min(Math.floor(o.at * out.length), Math.max(0, out.length - 1))
    if (o.op === 'flip') {
      if (out.length > 0) out[i] = o.value
    } else if (o.op === 'truncate') out = out.slice(0, i)
    else {
      const next = new Uint8Array(out.length + o.bytes.length)
      next.set(out.subarray(0, i))
      next.set(o.bytes, i)
      next.set(out.subarray(i), i + o.bytes.length)
      out = next
    }
  }
  return out
}

export const utf8 = (text: string) => new TextEncoder().encode(text)
/** Bytes as a loader that reads text sees them, as readFile(…, 'utf8') gives them: invalid UTF-8 becomes U+FFFD,
 *  a byte-order mark stays. */
export const text = (bytes: Uint8Array) => new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes)

// ───────────────────────────── valid things ─────────────────────────────

const finite = fc.double({ noNaN: true, noDefaultInfinity: true })
const someName = fc.oneof(fc.string({ maxLength: 20 }), nastyString.filter((s) => s.length <= 1000))

export const network: fc.Arbitrary<NetworkSpec> = fc
  .record({
    inputSize: fc.integer({ min: 1, max: 3 }),
    hidden: fc.array(
      fc.record({ units: fc.integer({ min: 1, max: 3 }), activation: fc.constantFrom('sigmoid', 'tanh', 'relu', 'linear'), recurrent: fc.boolean(), bias: fc.boolean() }, { requiredKeys: ['units'] }),
      { maxLength: 2 },
    ),
    output: fc.record({ units: fc.integer({ min: 1, max: 3 }), activation: fc.constantFrom('sigmoid', 'tanh', 'linear'), bias: fc.boolean() }, { requiredKeys: ['units'] }),
  })
  .map((n) => n as NetworkSpec)

const training: fc.Arbitrary<TrainingSpec> = fc
  .record(
    {
      learningRate: fc.double({ min: 1e-6, max: 10, noNaN: true }),
      epochs: fc.integer({ min: 0, max: 1000 }),
      seed: fc.nat(),
      optimizer: fc.constantFrom('sgd', 'momentum', 'adam'),
      loss: fc.constantFrom('sse', 'mse'),
      gradient: fc.constantFrom('exact', 'truncated', 'lecture'),
    },
    { requiredKeys: [] },
  )
  .map((t) => t as TrainingSpec)

/** Inline data for m inputs and ℓ outputs: 1..3 training sequences of 1..4 steps, sometimes validation. */
export const inlineData = (m: number, l: number): fc.Arbitrary<InlineData> => {
  const sequence = fc.integer({ min: 1, max: 4 }).chain((T) =>
    fc.record({
      u: fc.array(fc.array(finite, { minLength: m, maxLength: m }), { minLength: T, maxLength: T }),
      z: fc.array(fc.option(fc.array(finite, { minLength: l, maxLength: l }), { freq: 4 }), { minLength: T, maxLength: T }),
    }),
  )
  return fc
    .record({ train: fc.array(sequence, { minLength: 1, maxLength: 3 }), validation: fc.option(fc.array(sequence, { minLength: 1, maxLength: 2 }), { nil: undefined }) })
    .map(({ train, validation }) => ({ kind: 'inline' as const, inputSize: m, outputSize: l, train, ...(validation ? { validation } : {}) }))
}

const otherData: fc.Arbitrary<ProjectData> = fc.oneof(
  fc.record({ kind: fc.constant('script' as const), source: someName, seed: fc.nat() }, { requiredKeys: ['kind', 'source'] }),
  fc.record({ kind: fc.constant('nettalk' as const), corpus: fc.oneof(fc.constant('bundled'), someName.filter((s) => s.length > 0 && s.length <= 4096)), trainWords: fc.integer({ min: 1, max: 10 }) }, { requiredKeys: ['kind'] }),
)

const floats = (n: number) => fc.array(finite, { minLength: n, maxLength: n }).map((a) => Float64Array.from(a))

const weights = (size: number) =>
  fc.record({
    params: floats(size),
    epoch: fc.nat(),
    optimizer: fc.option(
      fc.oneof(
        fc.record({ steps: fc.nat(), first: fc.constant(new Float64Array(0)), second: fc.constant(new Float64Array(0)) }),
        fc.record({ steps: fc.nat(), first: floats(size), second: fc.constant(new Float64Array(0)) }),
        fc.record({ steps: fc.nat(), first: floats(size), second: floats(size) }),
      ),
      { nil: undefined },
    ),
  })

/** A project that parseProject accepts: small network, inline (or script / NETtalk) data, maybe weights and history. */
export const validProject: fc.Arbitrary<Project> = fc
  .record({ network, training })
  .filter(({ network, training }) => specIssues(network, training).length === 0)
  .chain(({ network, training }) => {
    const size = paramLayout(normalizeNetworkSpec(network)).size
    return fc.record({
      name: someName.filter((s) => s.length <= 1000),
      network: fc.constant(network),
      training: fc.constant(training),
      data: fc.oneof({ weight: 3, arbitrary: inlineData(network.inputSize, network.output.units) }, { weight: 1, arbitrary: otherData }),
      weights: fc.option(weights(size), { nil: null }),
      loss: fc.array(finite, { maxLength: 5 }),
    })
  })
  .map(({ name, network, training, data, weights, loss }) => {
    const project = createProject({ name, network, training, data: data as ProjectData, now: new Date(0) })
    const withWeights: Project = { ...project, weights: weights ? { params: weights.params, epoch: weights.epoch, ...(weights.optimizer ? { optimizer: weights.optimizer as OptimizerState } : {}) } : null, history: { loss } }
    return checkProject(toProjectFile(withWeights)) // as a file gives it back: the generator's own check
  })

/** A trained project (weights present), for weight exports. */
export const trainedProject = validProject.filter((p) => p.weights !== null)

// ───────────────────────────── .npz members ─────────────────────────────

/** A .npy member crafted from parts: any header text, dtype, shape and data. */
export const craftedNpy = fc
  .record({
    version: fc.constantFrom(1, 2, 3, 0, 4, 255),
    descr: fc.constantFrom('<f8', '<f4', '>f8', '|f8', '=f4', '<U1', '<U7', '<U4000000', '<i4', '<f2', "<f8', 'x", ''),
    fortran: fc.constantFrom('True', 'False', 'maybe'),
    shape: fc.oneof(
      fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 3 }).map((s) => (s.length === 1 ? `(${s[0]},)` : `(${s.join(', ')})`)),
      fc.constantFrom('(1e9, 1e9)', '(-1,)', '(4294967296, 4294967296)', '(a,)', '(', '(9007199254740993,)', '(2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2)'),
    ),
    headerLength: fc.option(fc.integer({ min: 0, max: 0xffff }), { nil: undefined }),
    data: fc.oneof(fc.uint8Array({ maxLength: 256 }), fc.array(fc.integer({ min: 0, max: 0xffffffff }), { maxLength: 16 }).map((cs) => new Uint8Array(Uint32Array.from(cs).buffer))),
  })
  .map(({ version, descr, fortran, shape, headerLength, data }) => {
    const header = `{'descr': '${descr}', 'fortran_order': ${fortran}, 'shape': ${shape}, }\n`
    const headerBytes = utf8(header)
    const lengthBytes = version === 1 ? 2 : 4
    const out = new Uint8Array(8 + lengthBytes + headerBytes.length + data.length)
    out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0])
    const view = new DataView(out.buffer)
    const length = headerLength ?? headerBytes.length
    if (lengthBytes === 2) view.setUint16(8, length, true)
    else view.setUint32(8, length, true)
    out.set(headerBytes, 8 + lengthBytes)
    out.set(data, 8 + lengthBytes + headerBytes.length)
    return out
  })

export interface ZipEdit {
  /** Member name (without .npy unless `exact`). */
  name: string
  exact: boolean
  content: Uint8Array | null // null removes the member
  deflate: boolean
}

export const zipEdits = fc.array(
  fc.record({
    name: fc.oneof(fc.constantFrom('manifest', 'W0', 'V1', 'b1', 'W1', 'optimizer_first', 'optimizer_second', '__proto__', 'constructor', 'toString', '../evil', ''), nastyString.filter((s) => s.length < 50)),
    exact: fc.boolean(),
    content: fc.option(fc.oneof(craftedNpy, fc.uint8Array({ maxLength: 64 })), { nil: null }),
    deflate: fc.boolean(),
  }),
  { maxLength: 3 },
)

/** Members of an .npz with edits applied, zipped again (stored or deflated members). */
export function rezip(members: Record<string, Uint8Array>, edits: readonly ZipEdit[]): Uint8Array {
  const files = new Map(Object.entries(members).map(([k, v]): [string, [Uint8Array, { level: 0 | 6 }]] => [k, [v, { level: 0 }]]))
  for (const e of edits) {
    const name = e.exact ? e.name : `${e.name}.npy`
    if (e.content === null) files.delete(name)
    else files.set(name, [e.content, { level: e.deflate ? 6 : 0 }])
  }
  // fflate takes an object: build it with defineProperty so that "__proto__" stays a member name
  const zippable: Record<string, [Uint8Array, { level: 0 | 6 }]> = {}
  for (const [k, v] of files) Object.defineProperty(zippable, k, { value: v, enumerable: true, writable: true, configurable: true })
  try {
    return zipSync(zippable, { mtime: new Date(1980, 0, 1) })
  } catch {
    return zipSync({}) // a name fflate cannot write: an empty archive
  }
}
