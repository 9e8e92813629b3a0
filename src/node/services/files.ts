/**
 * Node-only file helpers shared by the main process and the CLI (never imported by the renderer or core):
 * reading project files and writing any file atomically.
 */
import { randomBytes } from 'node:crypto'
import { readFile, rename, rm, writeFile } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { ProjectFileError, parseProject, serializeProject, type Project } from '../../shared/project-file.js'

/** Writes `data` (text as UTF-8, or bytes) to a temporary file beside `path`, then renames it over `path`:
 *  readers see either the old file or the whole new one, never half of it. */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`)
  try {
    await writeFile(temp, data, { flag: 'wx' })
    await rename(temp, path)
  } catch (e) {
    await rm(temp, { force: true })
    throw e
  }
}

/** Reads and checks a project file; a missing or unreadable file becomes a ProjectFileError too. */
export async function readProjectFile(path: string): Promise<Project> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    throw new ProjectFileError([{ path: '', message: code === 'ENOENT' ? `no such file: ${path}` : `cannot read ${path} (${(e as Error).message})` }])
  }
  return parseProject(text)
}

export async function writeProjectFile(path: string, project: Project): Promise<void> {
  await writeFileAtomic(path, serializeProject(project))
}
