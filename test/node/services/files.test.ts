// Atomic writes and project reading on real files in a temporary folder.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { readProjectFile, writeFileAtomic } from '../../../src/node/services/files.js'
import { ProjectFileError } from '../../../src/shared/project-file.js'

const dir = mkdtempSync(join(tmpdir(), 'rnnwb-files-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('files', () => {
  it('writeFileAtomic replaces a file whole and leaves no temporary file behind', async () => {
    const path = join(dir, 'a.rnn.json')
    writeFileSync(path, 'old')
    await writeFileAtomic(path, 'new content')
    expect(readFileSync(path, 'utf8')).toBe('new content')
    expect(readdirSync(dir)).toEqual(['a.rnn.json'])
  })

  it('a failed write leaves the old file as it was', async () => {
    const path = join(dir, 'missing-folder', 'b.rnn.json')
    await expect(writeFileAtomic(path, 'x')).rejects.toThrow(/ENOENT/)
    expect(readdirSync(dir)).toEqual(['a.rnn.json'])
  })

  it('readProjectFile turns a missing or broken file into a ProjectFileError', async () => {
    await expect(readProjectFile(join(dir, 'none.rnn.json'))).rejects.toThrow(ProjectFileError)
    await expect(readProjectFile(join(dir, 'a.rnn.json'))).rejects.toThrow(/not valid JSON/)
  })
})
