// The project service on real files in a temporary folder: open, atomic save of checked projects only,
// recent list, autosave and recovery.
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { ProjectService } from '../../../src/node/services/projects.js'
import { blankProject } from '../../../src/shared/blank-project.js'
import { ProjectFileError, parseProject } from '../../../src/shared/project-file.js'

const root = mkdtempSync(join(tmpdir(), 'rnnwb-projects-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))
let n = 0
const fresh = () => {
  const dir = join(root, `case-${n++}`)
  return { dir, service: new ProjectService(join(dir, 'state')), file: (name: string) => join(root, `${n}-${name}`) }
}

describe('ProjectService', () => {
  it('saves a project atomically and opens it again unchanged', async () => {
    const { service, file } = fresh()
    const path = file('a.rnn.json')
    const project = blankProject(new Date('2026-01-01T00:00:00Z'))
    await service.save(path, project)
    expect(parseProject(readFileSync(path, 'utf8')).network).toEqual(project.network)
    expect(await service.open(path)).toEqual(project)
    expect(readdirSync(root).filter((f) => f.includes('.tmp'))).toEqual([])
  })

  it('refuses to save an invalid project, leaving the file as it was', async () => {
    const { service, file } = fresh()
    const path = file('b.rnn.json')
    writeFileSync(path, 'precious')
    const bad = { ...blankProject(), network: { inputSize: 1, hidden: [{ units: 0 }], output: { units: 1 } } }
    await expect(service.save(path, bad)).rejects.toThrow(ProjectFileError)
    expect(readFileSync(path, 'utf8')).toBe('precious')
  })

  it('refuses a bad file with the reason, and does not list it as recent', async () => {
    const { service, file } = fresh()
    const path = file('c.rnn.json')
    writeFileSync(path, '{"format": "rnn-workbench-project", "version": 1}')
    await expect(service.open(path)).rejects.toThrow(/metadata/)
    expect(await service.recent()).toEqual([])
  })

  it('keeps the ten most recent paths, newest first, without duplicates', async () => {
    const { service, file } = fresh()
    const paths = Array.from({ length: 12 }, (_, i) => file(`r${i}.rnn.json`))
    for (const p of paths) await service.save(p, blankProject())
    await service.open(paths[3])
    const recent = await service.recent()
    expect(recent).toHaveLength(10)
    expect(recent[0]).toBe(paths[3])
    expect(recent[1]).toBe(paths[11])
    expect(new Set(recent).size).toBe(10)
  })

  it('offers autosaved work back until it is discarded', async () => {
    const { service } = fresh()
    expect(await service.recovery()).toBeNull()
    const project = { ...blankProject(), metadata: { name: 'Unsaved experiment' } }
    await service.autosave(project, '/somewhere/x.rnn.json')
    expect(await service.recovery()).toEqual({ savedAt: expect.any(String), path: '/somewhere/x.rnn.json', name: 'Unsaved experiment' })
    const restored = await service.restore()
    expect(restored.path).toBe('/somewhere/x.rnn.json')
    expect(restored.project.metadata.name).toBe('Unsaved experiment')
    await service.discardRecovery()
    expect(await service.recovery()).toBeNull()
    await expect(service.restore()).rejects.toThrow('there is no unsaved work to restore')
  })
})

describe("ProjectService and an earlier session's recovered work", () => {
  it('is kept until the user restores or discards it: saves and clean closes of this session leave it alone', async () => {
    const { dir, service, file } = fresh()
    const earlier = { ...blankProject(), metadata: { name: 'From the crash' } }
    await service.autosave(earlier, null)
    // a new session (a new service on the same folder), which saves something else
    const now = new ProjectService(join(dir, 'state'))
    await now.save(file('other.rnn.json'), blankProject())
    await now.discardOwnRecovery()
    await now.autosave({ ...blankProject(), metadata: { name: 'Newer edits' } }, null)
    expect((await now.recovery())!.name).toBe('From the crash')
    // once restored, it is this session's work: a save may remove it
    expect((await now.restore()).project.metadata.name).toBe('From the crash')
    await now.discardOwnRecovery()
    expect(await now.recovery()).toBeNull()
  })
})
