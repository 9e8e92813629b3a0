// rnnwb and the files a project names: a NETtalk corpus outside the project's folder (an absolute path, a ..
// escape) is refused with one line and exit 2 unless --allow-outside-paths is given; only regular files are
// read (/dev/zero is refused even then); a 2 GB project or weights file is refused by its size, fast.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { runInProcess } from '../helpers/cli.js'
import { NETTALK_DICTIONARY } from '../helpers/nettalk-corpus.js'
import { EXAMPLES_DIR } from '../helpers/projects.js'

const dir = mkdtempSync(join(tmpdir(), 'rnnwb-paths-cli-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const folder = join(dir, 'project')
const elsewhere = join(dir, 'elsewhere')
mkdirSync(folder)
mkdirSync(elsewhere)
copyFileSync(NETTALK_DICTIONARY, join(elsewhere, 'nettalk.data'))

const rnnwb = (...args: string[]) => runInProcess(args) // the built CLI's run() in this process (test/helpers/cli.ts); every path is absolute

/** The NETtalk example, small, reading its dictionary from `corpus`. */
function projectWith(corpus: string): string {
  const project = JSON.parse(readFileSync(join(EXAMPLES_DIR, 'nettalk.rnn.json'), 'utf8'))
  project.data = { ...project.data, corpus, wordList: null, trainWords: 5, validationWords: 0 }
  project.network.hidden[0].units = 4
  const path = join(folder, 'talk.rnn.json')
  writeFileSync(path, JSON.stringify(project))
  return path
}

describe('rnnwb and paths in project files', () => {
  it('refuses an absolute or .. corpus path without --allow-outside-paths, and reads it with the flag', async () => {
    for (const [corpus, reason] of [
      [join(elsewhere, 'nettalk.data'), 'is an absolute path, not a file in the project’s folder'],
      ['../elsewhere/nettalk.data', 'is outside the project’s folder'],
    ] as const) {
      const input = projectWith(corpus)
      const refused = await rnnwb('train', input, '--epochs', '1', '--out', join(dir, 'out.rnn.json'))
      expect(refused.code, corpus).toBe(2)
      expect(refused.stderr).toBe(`rnnwb: the dictionary ${join(elsewhere, 'nettalk.data')} ${reason}: a project may read files outside its folder only with your permission (rnnwb: --allow-outside-paths)\n`)
      const allowed = await rnnwb('train', input, '--epochs', '1', '--out', join(dir, 'out.rnn.json'), '--allow-outside-paths')
      expect(allowed.code, allowed.stderr).toBe(0)
    }
  }, 240_000)

  it('reads only regular files, even with the flag: /dev/zero is refused at once', async () => {
    const zero = await rnnwb('train', projectWith('/dev/zero'), '--allow-outside-paths')
    expect(zero.code).toBe(2)
    expect(zero.stderr).toBe('rnnwb: the dictionary /dev/zero is a device, not a regular file\n')
  })

  it('refuses a 2 GB project file and a 2 GB weights file by their size', async () => {
    const huge = join(folder, 'huge.rnn.json')
    writeFileSync(huge, '')
    truncateSync(huge, 2 * 2 ** 30)
    const project = await rnnwb('inspect', huge)
    expect(project.code).toBe(2)
    expect(project.stderr).toMatch(/^rnnwb: bad project: the project file .*huge\.rnn\.json is too large: 2147483648 bytes, and a project file may have at most 536870912 \(512 MiB\)\n$/)
    const weights = join(folder, 'huge.npz')
    writeFileSync(weights, '')
    truncateSync(weights, 2 * 2 ** 30)
    const imported = await rnnwb('import-weights', join(EXAMPLES_DIR, 'sine.rnn.json'), weights, '--out', join(dir, 'x.rnn.json'))
    expect(imported.code).toBe(2)
    expect(imported.stderr).toMatch(/^rnnwb: bad weights in .*huge\.npz: the weights file .*huge\.npz is too large: 2147483648 bytes/)
  })
})
