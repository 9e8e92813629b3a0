// `npm run fuzz -- --minutes N [--out DIR] [--property NAME]`: the fuzz properties of
// test/fuzz/properties.ts (the ones `npm test` runs with a fixed seed and few cases), with fresh random seeds
// until the time is up. Each property gets batches of cases in turn; every input is timed, and one that takes
// longer than PER_INPUT_CEILING_MS is a failure too. Each failing input, shrunk, is written to DIR (default
// test-output/fuzz-failures) as `<property>-<seed>.<ext>` (the bytes the loader got) with a `.json` beside it
// (the rule broken, the seed and the path to replay it). Failures with the same message are written once and
// counted. Exits 1 when anything failed.
//
// Replay one: `npm run fuzz -- --property NAME --seed=S --path=P` (the .json file gives the command).
import { mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import fc from 'fast-check'
import { asProperty, cleanUp, fuzzProperties, PropertyViolation, type FuzzProperty } from '../test/fuzz/properties.ts'

/** One input of a few KB may take this long, on a loaded machine, before it counts as a failure. */
const PER_INPUT_CEILING_MS = 5000
const BATCH = 200

const { values: args } = parseArgs({
  options: {
    minutes: { type: 'string', default: '1' },
    out: { type: 'string', default: 'test-output/fuzz-failures' },
    property: { type: 'string' },
    seed: { type: 'string' },
    path: { type: 'string' },
  },
})

const minutes = Number(args.minutes)
if (!(minutes > 0)) {
  console.error(`fuzz: --minutes must be a positive number, got ${args.minutes}`)
  process.exit(2)
}
const outDir = resolve(args.out!)
const properties = fuzzProperties().filter((p) => !args.property || p.name === args.property)
if (properties.length === 0) {
  console.error(`fuzz: no property named ${args.property} (there are ${fuzzProperties().map((p) => p.name).join(', ')})`)
  process.exit(2)
}

/** Times one input: slower than the ceiling is a failure. */
const timed = async (run: () => Promise<void>) => {
  const start = performance.now()
  await run()
  const ms = performance.now() - start
  if (ms > PER_INPUT_CEILING_MS) throw new PropertyViolation(`one input took ${Math.round(ms)} ms (the ceiling is ${PER_INPUT_CEILING_MS} ms)`)
}

interface Found {
  property: string
  seed: number
  path: string
  message: string
  count: number
  file: string
}
const found = new Map<string, Found>()
/** Failures of one kind: the message without numbers, quoted text and positions. */
const signature = (property: string, message: string) => `${property}: ${message.split('\n')[0].replace(/"[^"]*"/g, '""').replace(/\d+/g, 'N').slice(0, 200)}`

async function runBatch(p: FuzzProperty<never>, seed: number, path?: string): Promise<number> {
  const result = await fc.check(asProperty(p, timed), { seed, numRuns: path ? 1 : BATCH, ...(path ? { path } : {}), interruptAfterTimeLimit: 120_000, markInterruptAsFailure: false })
  if (!result.failed) return result.numRuns
  const message = result.errorInstance instanceof Error ? result.errorInstance.message : String(result.errorInstance)
  const key = signature(p.name, message)
  const seen = found.get(key)
  if (seen) {
    seen.count++
    return result.numRuns
  }
  mkdirSync(outDir, { recursive: true })
  const input = result.counterexample![0]
  const { bytes, ext } = p.file(input)
  const base = `${p.name}-${seed}`
  writeFileSync(join(outDir, base + ext), bytes)
  const record = { property: p.name, seed, path: result.counterexamplePath, message, replay: `npm run fuzz -- --property ${p.name} --seed=${seed} --path=${result.counterexamplePath}`, input: describeInput(input) }
  writeFileSync(join(outDir, `${base}.json`), JSON.stringify(record, null, 2) + '\n')
  found.set(key, { property: p.name, seed, path: result.counterexamplePath ?? '', message, count: 1, file: join(args.out!, base + ext) })
  console.log(`FAIL ${p.name} (seed ${seed}): ${message.split('\n')[0].slice(0, 300)}\n     → ${join(args.out!, base + ext)}`)
  return result.numRuns
}

/** The input with its typed arrays readable (for the .json beside the bytes). */
function describeInput(input: unknown): unknown {
  return JSON.parse(JSON.stringify(input, (_k, v: unknown) => (v instanceof Uint8Array ? { bytes: v.length, base64: Buffer.from(v).toString('base64') } : v)) ?? 'null')
}

if (args.seed !== undefined) {
  const p = properties[0]
  await runBatch(p, Number(args.seed), args.path)
  console.log(found.size > 0 ? 'the failure repeats' : 'no failure with this seed and path')
  cleanUp()
  process.exit(found.size > 0 ? 1 : 0)
}

const deadline = Date.now() + minutes * 60_000
const runs = new Map(properties.map((p) => [p.name, 0]))
console.log(`fuzz: ${properties.map((p) => p.name).join(', ')} for ${minutes} min; failing inputs go to ${args.out}`)
while (Date.now() < deadline) {
  for (const p of properties) {
    if (Date.now() >= deadline) break
    const seed = (Math.random() * 2 ** 32) | 0
    runs.set(p.name, runs.get(p.name)! + (await runBatch(p, seed)))
  }
}
cleanUp()
console.log(`fuzz: ${[...runs].map(([name, n]) => `${name} ${n}`).join(', ')} inputs`)
if (found.size === 0) {
  console.log('fuzz: no failure')
} else {
  console.log(`fuzz: ${found.size} kind${found.size === 1 ? '' : 's'} of failure:`)
  for (const f of found.values()) console.log(`  ${f.property} ×${f.count}: ${f.message.split('\n')[0].slice(0, 200)} (${f.file})`)
  process.exitCode = 1
}
