/**
 * Project files on disk: open, save (atomic, and only what passes the project-file checks), the list of
 * recent projects, and an autosave to a recovery file that is offered back after a crash. Electron-free:
 * `stateDir` is the app's user-data folder (a temporary folder in tests).
 *
 *   <stateDir>/recent.json                the most recent project paths, newest first
 *   <stateDir>/recovery.rnn-recovery.json {savedAt, path, project}: the unsaved work of the last session
 */
import { mkdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { RecoveryInfo } from '../../shared/ipc.js'
import { checkProject, toProjectFile, type ProjectFile } from '../../shared/project-file.js'
import { readProjectFile, writeFileAtomic, writeProjectFile } from './files.js'
import { INPUT_LIMITS } from '../../shared/project-constants.js'
import { parseJsonWithinBudget } from '../../shared/json-limits.js'
import { readInputText } from './input-files.js'
import { parseUserFile, type ParseOptions, type Recovered } from './parse-files.js'

const MAX_RECENT = 10

export class ProjectService {
  private readonly recentFile: string
  private readonly recoveryFile: string
  /** The recovery file holds this session's work (it autosaved, or the user restored it): a save or a clean
   *  close may remove it. Work of an earlier session stays until the user restores or discards it. */
  private ownsRecovery = false

  constructor(private readonly stateDir: string) {
    this.recentFile = join(stateDir, 'recent.json')
    this.recoveryFile = join(stateDir, 'recovery.rnn-recovery.json')
  }

  /** Reads and checks a project file; a bad file throws ProjectFileError and changes nothing. */
  async open(path: string, opts: ParseOptions = {}): Promise<ProjectFile> {
    const project = toProjectFile(await readProjectFile(path, opts))
    await this.remember(path)
    return project
  }

  /** Checks the project (exactly as opening would) and writes it atomically; an invalid one is refused. */
  async save(path: string, file: unknown): Promise<void> {
    const project = checkProject(file)
    await writeProjectFile(path, project)
    await this.remember(path)
  }

  async recent(): Promise<string[]> {
    try {
      const list = parseJsonWithinBudget(await readInputText(this.recentFile, { maxBytes: INPUT_LIMITS.recentFileBytes, what: 'list of recent projects' }))
      return Array.isArray(list) ? list.filter((p): p is string => typeof p === 'string').slice(0, MAX_RECENT) : []
    } catch {
      return [] // none yet, or unreadable: start a new list
    }
  }

  /** Keeps the unsaved work of this session, to be offered back if the app does not close cleanly. */
  async autosave(file: unknown, path: string | null): Promise<void> {
    const project = toProjectFile(checkProject(file))
    await mkdir(this.stateDir, { recursive: true })
    if (!this.ownsRecovery && (await this.recovery())) return // an earlier session's work waits for the user
    await writeFileAtomic(this.recoveryFile, JSON.stringify({ savedAt: new Date().toISOString(), path, project }))
    this.ownsRecovery = true
  }

  /** What the recovery file holds, or null when there is none (or it is unreadable). */
  async recovery(opts: ParseOptions = {}): Promise<RecoveryInfo | null> {
    const saved = await this.readRecovery(opts)
    return saved ? { savedAt: saved.savedAt, path: saved.path, name: saved.project.metadata.name } : null
  }

  /** The recovered project; the recovery file stays until it is discarded (after a save, or by the user). */
  async restore(opts: ParseOptions = {}): Promise<{ path: string | null; project: ProjectFile }> {
    const saved = await this.readRecovery(opts)
    if (!saved) throw new Error('there is no unsaved work to restore')
    this.ownsRecovery = true // it is this session's work now
    return { path: saved.path, project: saved.project }
  }

  /** The user's choice: forget the recovered work, whoever wrote it. */
  async discardRecovery(): Promise<void> {
    await rm(this.recoveryFile, { force: true })
    this.ownsRecovery = true
  }

  /** After a save or a clean close: remove the recovery file only if it holds this session's work. */
  async discardOwnRecovery(): Promise<void> {
    if (this.ownsRecovery) await rm(this.recoveryFile, { force: true })
  }

  /** Within its size budget, a large one parsed in a worker with a heap limit (parse-files.ts). */
  private async readRecovery(opts: ParseOptions = {}): Promise<Recovered | null> {
    try {
      return await parseUserFile({ kind: 'recovery', path: this.recoveryFile }, opts)
    } catch {
      return null
    }
  }

  private async remember(path: string): Promise<void> {
    const list = [path, ...(await this.recent()).filter((p) => p !== path)].slice(0, MAX_RECENT)
    await mkdir(this.stateDir, { recursive: true })
    await writeFileAtomic(this.recentFile, JSON.stringify(list, null, 2))
  }
}
