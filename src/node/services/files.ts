/**
 * Node-only file helpers shared by the main process and the CLI (never imported by the renderer or core):
 * reading project files and writing any file atomically.
 */
import { randomBytes } from 'node:crypto'
import { open, readdir, rename, rm, type FileHandle } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { serializeProject, type Project } from '../../shared/project-file.js'
import { parseUserFile, type ParseOptions } from './parse-files.js'

/**
 * Writes `data` (text as UTF-8, or bytes) to a temporary file beside `path`, flushes it to the disk, renames it
 * over `path` and flushes the folder: readers see either the old file or the whole new one, never half of it,
 * and a power cut after this returns cannot lose the write.
 *
 * The temporary file is `.NAME.PID.HEX.tmp`. A process killed mid-write leaves one behind; the next write of
 * the same file removes those of processes that are gone (never another live writer's, nor this process's).
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const folder = dirname(path)
  const name = basename(path)
  await removeLeftovers(folder, name)
  const temp = join(folder, `.${name}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`)
  let file: FileHandle | undefined
  try {
    file = await open(temp, 'wx')
    await file.writeFile(data)
    await file.sync()
    await file.close()
    file = undefined
    await rename(temp, path)
  } catch (e) {
    await file?.close().catch(() => {})
    await rm(temp, { force: true })
    throw e
  }
  await syncFolder(folder)
}

/** Temporary files of earlier writes of `name` whose process is gone. */
async function removeLeftovers(folder: string, name: string): Promise<void> {
  const prefix = `.${name}.`
  let entries: string[]
  try {
    entries = (await readdir(folder)).filter((e) => e.startsWith(prefix) && e.endsWith('.tmp'))
  } catch {
    return // no folder: the write itself will say so
  }
  for (const entry of entries) {
    const match = /^(\d+)\.[0-9a-f]{12}\.tmp$/.exec(entry.slice(prefix.length))
    if (match && !processAlive(Number(match[1]))) await rm(join(folder, entry), { force: true })
  }
}

function processAlive(pid: number): boolean {
  if (pid === process.pid) return true
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM' // alive, but someone else's
  }
}

/** Flushes a folder's entries (the rename) to the disk. Windows cannot open a folder for this; NTFS journals
 *  renames itself. */
async function syncFolder(folder: string): Promise<void> {
  if (process.platform === 'win32') return
  const handle = await open(folder, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}

/** Reads and checks a project file within its size budget (a large one in a worker with a heap limit:
 *  parse-files.ts); a missing, unreadable or oversized file becomes a ProjectFileError too. */
export async function readProjectFile(path: string, opts: ParseOptions = {}): Promise<Project> {
  return parseUserFile({ kind: 'project', path }, opts)
}

export async function writeProjectFile(path: string, project: Project): Promise<void> {
  await writeFileAtomic(path, serializeProject(project))
}
