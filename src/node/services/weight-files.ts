/**
 * Weights exports on disk, for the app: writing an export's files (one file, or several into a folder, each
 * atomically) and reading a weights file for import, with a size cap. The formats are src/node/export/ (the CLI
 * writes its own files); this adds the file system and the names offered in the save dialog.
 */
import { mkdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { NetworkSpec } from '../../core/index.js'
import type { ProjectWeights } from '../../shared/project-file.js'
import type { ExportFile } from '../export/index.js'
import { parseUserFile, type ParseOptions } from './parse-files.js'
import { writeFileAtomic } from './files.js'


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
export async function readWeightsFile(path: string, network: NetworkSpec, opts: ParseOptions = {}): Promise<ProjectWeights> {
  return parseUserFile({ kind: 'weights', path, network }, opts)
}
