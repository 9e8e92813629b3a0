// Atomic writes and project reading on real files in a temporary folder.
import { spawnSync } from 'node:child_process'
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

  it("removes the temporary files of writes killed mid-way, never a live writer's", async () => {
    const path = join(dir, 'c.rnn.json')
    // a process that has ended: its pid is free (and the kernel does not reuse it at once)
    const gone = spawnSync(process.execPath, ['-e', '']).pid!
    const killedWrite = `.c.rnn.json.${gone}.0123456789ab.tmp`
    const ownWrite = `.c.rnn.json.${process.pid}.ba9876543210.tmp`
    const otherFile = `.d.rnn.json.${gone}.0123456789ab.tmp`
    for (const leftover of [killedWrite, ownWrite, otherFile]) writeFileSync(join(dir, leftover), 'half a proj')
    await writeFileAtomic(path, 'whole')
    const names = readdirSync(dir)
    expect(names).not.toContain(killedWrite)
    expect(names).toContain(ownWrite) // this process may still be writing it
    expect(names).toContain(otherFile) // another file's: cleaned when that file is written
    expect(readFileSync(path, 'utf8')).toBe('whole')
    for (const leftover of [ownWrite, otherFile]) rmSync(join(dir, leftover))
  })

  it('readProjectFile turns a missing or broken file into a ProjectFileError', async () => {
    await expect(readProjectFile(join(dir, 'none.rnn.json'))).rejects.toThrow(ProjectFileError)
    await expect(readProjectFile(join(dir, 'a.rnn.json'))).rejects.toThrow(/not valid JSON/)
  })
})
