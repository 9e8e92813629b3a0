/**
 * Weights exports on disk, for the app: writing an export's files (one file, or several into a folder, each
 * atomically) and reading a weights file for import, with a size cap. The formats are src/node/export/ (the CLI
 * writes its own files); this adds the file system and the names offered in the save dialog.
 */
import { mkdir, readFile, stat } from 'node:fs/promises'
import { basename, join } from 'node:path'
import type { NetworkSpec } from '../../core/index.js'
import type { ProjectWeights } from '../../shared/project-file.js'
import { importWeights, type ExportFile } from '../export/index.js'
import { writeFileAtomic } from './files.js'

/** Larger weights files are refused before reading: 10M float64 weights with Adam's two state arrays in a JSON
 *  export (~25 characters a number) stay below it. */
export const MAX_WEIGHTS_FILE_BYTES = 512 * 2 ** 20

/** "sine-model.onnx": the project's name (made safe for a file name) before the export's own file name. */
export function suggestedExportName(projectName: string, file: string): string {
  // characters no file system takes or that would make the name a path, and control characters
  const stem = projectName.replace(/[\\/:*?"<>|\x00-\x1f]+/g, '-').replace(/^[\s.-]+|[\s.-]+$/g, '').slice(0, 100)
  return stem ? `${stem}-${file}` : file
}

/** Whether something is at `path`. */
async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    (e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return false
      throw e
    },
  )
}

/** The paths the files of a several-file export get in `folder`, and which of them are there already. */
export async function folderTargets(folder: string, files: readonly ExportFile[]): Promise<{ paths: string[]; existing: string[] }> {
  const info = await stat(folder).catch(() => null)
  if (info && !info.isDirectory()) throw new Error(`${folder} is not a folder`)
  const paths = files.map((f) => join(folder, f.name))
  const existing: string[] = []
  for (const p of paths) if (await exists(p)) existing.push(p)
  return { paths, existing }
}

/** Writes each file to its path (atomically: a reader sees the old file or the whole new one); the folder of a
 *  several-file export is made when it is missing. A failure names the file. */
export async function writeExportFiles(targets: readonly { path: string; bytes: Uint8Array }[], folder?: string): Promise<void> {
  if (folder !== undefined) await mkdir(folder, { recursive: true })
  for (const t of targets) {
    try {
      await writeFileAtomic(t.path, t.bytes)
    } catch (e) {
      throw new Error(`could not write ${t.path} (${(e as Error).message})`)
    }
  }
}

/** Reads a JSON or .npz weights file for `network`; WeightsImportError lists every problem (export/index.ts). */
export async function readWeightsFile(path: string, network: NetworkSpec): Promise<ProjectWeights> {
  const info = await stat(path).catch((e: NodeJS.ErrnoException) => {
    throw new Error(e.code === 'ENOENT' ? `no such file: ${path}` : `cannot read ${path} (${e.message})`)
  })
  if (!info.isFile()) throw new Error(`${basename(path)} is not a file`)
  if (info.size > MAX_WEIGHTS_FILE_BYTES) throw new Error(`${info.size} bytes is more than a weights file may have (${MAX_WEIGHTS_FILE_BYTES})`)
  return importWeights({ network }, await readFile(path))
}
