/**
 * Peak memory of opening the largest input each loader accepts (docs/limits.md), measured as the peak RSS of
 * a fresh Node process that does nothing but open it through the app's own loader (readProjectFile,
 * readDataFile, readNettalkWords, readWeightsFile: stat, budget checks, the worker for large files).
 *
 *   npx tsx scripts/measure-input-memory.ts [kind …]
 *   kinds: project, project-arrays, data-json, data-csv, corpus, weights-npz, weights-json (default: all)
 *
 * Each input is written to a temporary folder first (that takes a while and memory of its own, in this
 * process); the child (`node --import tsx this-file --open KIND FILE`) prints one JSON line:
 * { kind, bytes, result, seconds, peakRssMiB } where peakRssMiB is process.resourceUsage().maxRSS, the
 * peak of the whole process, its worker threads included.
 */
import { execFileSync } from 'node:child_process'
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { once } from 'node:events'

const REPO = fileURLToPath(new URL('..', import.meta.url))
const KINDS = ['project', 'project-arrays', 'data-json', 'data-csv', 'corpus', 'weights-npz', 'weights-json'] as const
type Kind = (typeof KINDS)[number]

/** 10M parameters: one hidden layer of 3100 units on one input (V is 3100², ~9.6M). */
const BIG_NETWORK = { inputSize: 1, hidden: [{ units: 3100 }], output: { units: 1 } }
/** 5M data values of one input and one target: 2.5M steps. */
const STEPS = 2_500_000

async function writeChunks(path: string, chunks: Iterable<string>): Promise<void> {
  const out = createWriteStream(path)
  for (const chunk of chunks) if (!out.write(chunk)) await once(out, 'drain')
  out.end()
  await once(out, 'finish')
}

function* randomVectors(n: number, seed: number): Generator<string> {
  let x = seed
  const next = () => ((x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 2 - 1
  for (let i = 0; i < n; i += 10_000) {
    const part: string[] = []
    for (let j = i; j < Math.min(n, i + 10_000); j++) part.push(`[${next()}]`)
    yield (i === 0 ? '' : ',') + part.join(',')
  }
}

function* base64Floats(count: number): Generator<string> {
  // random float64 values, base64 in chunks of 3 × 2^16 bytes (a multiple of 3: no padding in between)
  const chunk = 3 * 2 ** 16
  const total = count * 8
  for (let at = 0; at < total; at += chunk) {
    const bytes = new Float64Array(Math.min(chunk, total - at) / 8).map(() => Math.random() - 0.5)
    yield Buffer.from(bytes.buffer).toString('base64')
  }
}

/** The training sequences of 5M values: SEQUENCES of STEPS / SEQUENCES steps (a sequence has at most 1M). */
const SEQUENCES = 5
function* sequences(): Generator<string> {
  for (let k = 0; k < SEQUENCES; k++) {
    yield `${k ? ',' : ''}{"u":[`
    yield* randomVectors(STEPS / SEQUENCES, 2 * k + 1)
    yield '],"z":['
    yield* randomVectors(STEPS / SEQUENCES, 2 * k + 2)
    yield ']}'
  }
}

const head = (data: string) =>
  `{"format":"rnn-workbench-project","version":1,"metadata":{"name":"largest"},"network":${JSON.stringify(BIG_NETWORK)},"training":{"optimizer":"adam"},"data":${data}`

async function make(kind: Kind, dir: string): Promise<string> {
  const { paramLayout, normalizeNetworkSpec } = await import('../src/core/index.js')
  const layout = paramLayout(normalizeNetworkSpec(BIG_NETWORK))
  const path = join(dir, `${kind}.${kind === 'data-csv' ? 'csv' : kind === 'corpus' ? 'data' : kind === 'weights-npz' ? 'npz' : kind.startsWith('data') ? 'json' : 'rnn.json'}`)
  switch (kind) {
    case 'project': {
      // the largest valid project: 5M data values and 10M weights with Adam's two state arrays, in base64
      const data = function* () {
        yield head('{"kind":"inline","inputSize":1,"outputSize":1,"train":[')
        yield* sequences()
        yield ']},"weights":{"encoding":"base64-float64-le","epoch":1,"arrays":['
        let first = true
        for (const e of layout.entries) {
          yield `${first ? '' : ','}{"name":"${e.name}","shape":${JSON.stringify(e.shape)},"data":"`
          yield* base64Floats(e.size)
          yield '"}'
          first = false
        }
        yield '],"optimizer":{"steps":1,"first":"'
        yield* base64Floats(layout.size)
        yield '","second":"'
        yield* base64Floats(layout.size)
        yield '"}},"history":{"loss":[]}}\n'
      }
      await writeChunks(path, data())
      return path
    }
    case 'project-arrays': {
      // the worst text the JSON scan lets through: just under 12M one-number arrays (refused later: too many
      // values), the most JSON.parse may be asked to build
      const n = 5_999_950 - 1
      await writeChunks(path, [head('{"kind":"inline","inputSize":1,"outputSize":1,"train":[{"u":['), '[0],'.repeat(n) + '[0]', '],"z":[', '[0],'.repeat(n) + '[0]', ']}]}}\n'])
      return path
    }
    case 'data-json': {
      const data = function* () {
        yield '{"inputSize":1,"outputSize":1,"train":['
        yield* sequences()
        yield ']}\n'
      }
      await writeChunks(path, data())
      return path
    }
    case 'data-csv': {
      const rows = function* () {
        yield 'sequence,u1,z1\n'
        let x = 5
        const next = () => ((x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 2 - 1
        for (let i = 0; i < STEPS; i += 10_000) {
          let part = ''
          for (let j = i; j < Math.min(STEPS, i + 10_000); j++) part += `${Math.floor(j / 1000)},${next()},${next()}\n`
          yield part
        }
      }
      await writeChunks(path, rows())
      return path
    }
    case 'corpus': {
      // the NETtalk dictionary repeated to the corpus budget (later copies are duplicates, dropped as the paper did)
      const { INPUT_LIMITS } = await import('../src/shared/project-constants.js')
      const lines = readFileSync(join(REPO, 'resources/nettalk/nettalk.data'), 'utf8').split('\n').filter((l) => l.includes('\t'))
      const out: string[] = []
      let size = 0
      for (;;) {
        for (const line of lines) {
          if (size + line.length + 1 > INPUT_LIMITS.corpusFileBytes) {
            writeFileSync(path, out.join('\n') + '\n')
            return path
          }
          out.push(line)
          size += line.length + 1
        }
      }
    }
    case 'weights-npz':
    case 'weights-json': {
      const { exportWeights } = await import('../src/node/export/index.js')
      const params = new Float64Array(layout.size).map(() => Math.random() - 0.5)
      const optimizer = { steps: 1, first: params.map((v) => v / 2), second: params.map((v) => v * v) }
      const trained = { metadata: { name: 'largest' }, network: BIG_NETWORK, weights: { params, epoch: 1, ...(kind === 'weights-npz' ? { optimizer } : {}) } }
      writeFileSync(path, exportWeights(trained, { format: kind === 'weights-npz' ? 'npz' : 'json' }).files[0].bytes)
      return path
    }
  }
}

async function open(kind: Kind, path: string): Promise<void> {
  const started = performance.now()
  let result: string
  try {
    if (kind.startsWith('project')) {
      const { readProjectFile } = await import('../src/node/services/files.js')
      const p = await readProjectFile(path)
      result = `ok: ${p.weights?.params.length ?? 0} weights`
    } else if (kind.startsWith('data')) {
      const { readDataFile } = await import('../src/node/services/data-files.js')
      const r = await readDataFile(path)
      result = r.ok ? `ok: ${r.data.train.reduce((n, s) => n + s.u.length, 0)} steps` : `refused: ${r.problems[0]?.message}`
    } else if (kind === 'corpus') {
      const { readNettalkWords } = await import('../src/node/services/nettalk-data.js')
      const w = await readNettalkWords({ kind: 'nettalk', corpus: 'corpus.data', trainWords: 1000 }, { baseDir: join(path, '..') })
      result = `ok: ${w.train.length + w.rest.length} words, ${w.duplicates} duplicates dropped`
    } else {
      const { readWeightsFile } = await import('../src/node/services/weight-files.js')
      const w = await readWeightsFile(path, BIG_NETWORK)
      result = `ok: ${w.params.length} weights${w.optimizer ? ' with the optimizer state' : ''}`
    }
  } catch (e) {
    result = `refused: ${(e as Error).message.split('\n')[0]}`
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1)
  console.log(JSON.stringify({ kind, bytes: statSync(path).size, result, seconds: Number(seconds), peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024) }))
}

const args = process.argv.slice(2)
if (args[0] === '--open') {
  await open(args[1] as Kind, args[2])
} else {
  const kinds = (args.length ? args : KINDS) as Kind[]
  for (const k of kinds) if (!KINDS.includes(k)) throw new Error(`unknown kind ${k} (known: ${KINDS.join(', ')})`)
  for (const kind of kinds) {
    const dir = mkdtempSync(join(tmpdir(), 'rnnwb-measure-'))
    try {
      const path = await make(kind, dir)
      const self = fileURLToPath(import.meta.url)
      process.stdout.write(execFileSync(process.execPath, ['--import', 'tsx', self, '--open', kind, path], { cwd: REPO, encoding: 'utf8', maxBuffer: 2 ** 20 }))
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }
}
