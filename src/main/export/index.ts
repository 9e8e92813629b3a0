/**
 * Exporting a project's trained weights and importing weights back: the one entry point for the app and the CLI.
 * docs/export.md documents every format.
 *
 *   exportWeights(project, { format })  → { files: [{ name, bytes }] }   refuses (ExportError) an untrained project
 *   importWeights(project, bytes)       → ProjectWeights fitted to the project's network, or WeightsImportError
 *                                         listing every problem, each naming the array and the expected shape
 *
 * json, npz and onnx give one file; csv gives one file per matrix; pytorch gives the Python file and the .npz it
 * loads. Nothing here touches the file system: callers write the files (the CLI with writeFileAtomic).
 */
import type { NetworkSpec } from '../../core/index.js'
import type { Project, ProjectWeights } from '../../shared/project-file.js'
import { weightsToCsv } from './csv.js'
import { weightsFromJson, weightsToJson } from './json.js'
import { weightsFromNpz, weightsToNpz } from './npz.js'
import { weightsToOnnx } from './onnx.js'
import { PYTORCH_FILES, pytorchSnippet } from './pytorch.js'
import { layoutOf, trainedNetwork, WeightsImportError, type ExportFile } from './trained.js'

export { ExportError, WeightsImportError, type ExportFile, type WeightsProblem } from './trained.js'
export { pytorchNames, type PyTorchName } from './pytorch.js'

export type ExportFormat = 'json' | 'npz' | 'onnx' | 'csv' | 'pytorch'
export const EXPORT_FORMATS: readonly ExportFormat[] = ['json', 'npz', 'onnx', 'csv', 'pytorch']
/** Formats that give more than one file (written into a folder). */
export const MULTI_FILE_FORMATS: readonly ExportFormat[] = ['csv', 'pytorch']

export type ImportFormat = 'json' | 'npz'
export const IMPORT_FORMATS: readonly ImportFormat[] = ['json', 'npz']

export interface ExportOptions {
  format: ExportFormat
}

export interface ExportResult {
  files: ExportFile[]
}

const text = (s: string) => new TextEncoder().encode(s)

export function exportWeights(project: Pick<Project, 'metadata' | 'network' | 'weights'>, opts: ExportOptions): ExportResult {
  const t = trainedNetwork(project)
  switch (opts.format) {
    case 'json':
      return { files: [{ name: 'weights.json', bytes: text(weightsToJson(t)) }] }
    case 'npz':
      return { files: [{ name: 'weights.npz', bytes: weightsToNpz(t) }] }
    case 'onnx':
      return { files: [{ name: 'model.onnx', bytes: weightsToOnnx(t) }] }
    case 'csv':
      return { files: weightsToCsv(t) }
    case 'pytorch':
      return {
        files: [
          { name: PYTORCH_FILES.snippet, bytes: text(pytorchSnippet(t)) },
          { name: PYTORCH_FILES.weights, bytes: weightsToNpz(t) },
        ],
      }
    default:
      throw new Error(`unknown export format ${JSON.stringify(opts.format satisfies never)}`)
  }
}

/** The format of a weights file: a zip (an .npz) starts with "PK"; anything else is read as JSON. */
export function detectImportFormat(bytes: Uint8Array): ImportFormat {
  return bytes[0] === 0x50 && bytes[1] === 0x4b ? 'npz' : 'json'
}

/** Weights for `project`'s network from an exported file (JSON export, project file, or .npz); the format is
 *  detected from the content unless given. */
export function importWeights(project: { network: NetworkSpec }, bytes: Uint8Array, format: ImportFormat = detectImportFormat(bytes)): ProjectWeights {
  const layout = layoutOf(project.network)
  if (format === 'npz') return weightsFromNpz(bytes, layout)
  let json: string
  try {
    json = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    throw new WeightsImportError([{ message: 'not a JSON text (it is not UTF-8) and not an .npz' }])
  }
  return weightsFromJson(json, layout)
}
