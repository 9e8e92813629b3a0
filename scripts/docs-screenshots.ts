/**
 * `npm run docs:screenshots`: the tutorial's pictures, as its e2e test takes them. Runs
 * test/e2e/tutorial.e2e.test.ts (vitest's global setup builds out/ first), which walks through docs/tutorial.md
 * and saves test-output/tutorial/*.png, then replaces docs/images/tutorial/*.png with that run's pictures, so
 * the committed set always comes from one run. The tests themselves never write into docs/.
 *
 * The pictures are 1280×800 windows or element crops. When optipng is on PATH they are recompressed with it
 * (lossless); otherwise they are copied as Chromium wrote them.
 */
import { spawnSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'

const root = join(import.meta.dirname, '..')
const shots = join(root, 'test-output/tutorial')
const target = join(root, 'docs/images/tutorial')

// only this run's pictures: nothing left over from an earlier one
rmSync(shots, { recursive: true, force: true })
const test = spawnSync('npx', ['vitest', 'run', 'test/e2e/tutorial.e2e.test.ts'], { cwd: root, stdio: 'inherit' })
if (test.status !== 0) {
  console.error('docs:screenshots: the tutorial test failed; docs/images/tutorial is left as it was')
  process.exit(1)
}
const pictures = existsSync(shots) ? readdirSync(shots).filter((f) => f.endsWith('.png')).sort() : []
if (pictures.length === 0) {
  console.error(`docs:screenshots: the test passed but left no pictures in ${shots}`)
  process.exit(1)
}

mkdirSync(target, { recursive: true })
for (const old of readdirSync(target).filter((f) => f.endsWith('.png'))) rmSync(join(target, old))
const optipng = spawnSync('optipng', ['-v'], { stdio: 'ignore' }).status === 0
for (const name of pictures) {
  const to = join(target, name)
  copyFileSync(join(shots, name), to)
  if (optipng) spawnSync('optipng', ['-quiet', '-o2', to], { stdio: 'inherit' })
  console.log(`docs/images/tutorial/${name}  ${Math.round(statSync(to).size / 1024)} KiB`)
}
console.log(optipng ? 'recompressed with optipng' : 'optipng not installed: copied as taken')
