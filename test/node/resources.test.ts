// The package's resources/ folder, found from wherever the code runs: from src/node under tsx, or bundled into
// out/ (the CLI built later); the NETtalk corpus that ships with the app is in it.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { packageResourcesDir, packageRoot } from '../../src/node/resources.js'
import { BUNDLED_NETTALK_FILES } from '../../src/node/services/nettalk-data.js'
import { RESOURCES_DIR } from '../helpers/projects.js'

const REPO = join(RESOURCES_DIR, '..')
const dir = mkdtempSync(join(tmpdir(), 'rnnwb-resources-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('packageResourcesDir', () => {
  it("is the repository's resources/, from the sources and from a built file under out/", () => {
    expect(packageResourcesDir()).toBe(RESOURCES_DIR)
    expect(packageRoot(join(REPO, 'src', 'node'))).toBe(REPO)
    expect(packageRoot(join(REPO, 'out', 'cli'))).toBe(REPO)
    for (const file of Object.values(BUNDLED_NETTALK_FILES)) expect(existsSync(join(packageResourcesDir(), file)), file).toBe(true)
  })

  it("skips other packages' package.json on the way up, and says when there is none", () => {
    const root = join(dir, 'app')
    const dep = join(root, 'node_modules', 'dep')
    mkdirSync(join(dep, 'dist'), { recursive: true })
    writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'rnn-workbench' }))
    writeFileSync(join(dep, 'package.json'), JSON.stringify({ name: 'dep' }))
    expect(packageRoot(join(dep, 'dist'))).toBe(root)
    expect(packageResourcesDir(join(dep, 'dist'))).toBe(join(root, 'resources'))
    expect(() => packageRoot(join(tmpdir(), 'no-such-folder'))).toThrow(/no package\.json of rnn-workbench above/)
  })
})
