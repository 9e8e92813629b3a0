/**
 * Exporting a project's trained weights and importing weights back: the one entry point for the app and the CLI.
 * docs/export.md documents every format.
 *
 *   exportWeights(project, { format, include? })  → { files: [{ name, bytes }] }   refuses (ExportError) an untrained
 *                                                     project; include.optimizer: false leaves the optimizer state out
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
import { pytorchSnippet } from './pytorch.js'
import { layoutOf, trainedNetwork, WeightsImportError, type ExportFile } from './trained.js'
import { PYTORCH_FILES, SINGLE_FILE_NAMES, type ExportFormat, type ExportInclude } from '../../shared/weights-export.js'

export { ExportError, WeightsImportError, type ExportFile, type WeightsProblem } from './trained.js'
export { pytorchNames, type PyTorchName } from './pytorch.js'

// the formats and their file names are shared with the renderer (it shows what an export will write)
export { EXPORT_FORMATS, MULTI_FILE_FORMATS, OPTIMIZER_FORMATS, exportFileNames, type ExportFormat, type ExportInclude } from '../../shared/weights-export.js'

export type ImportFormat = 'json' | 'npz'
export const IMPORT_FORMATS: readonly ImportFormat[] = ['json', 'npz']

export interface ExportOptions {
  format: ExportFormat
  /** What goes with the weights (default: everything the format can carry). */
  include?: ExportInclude
}

export interface ExportResult {
  files: ExportFile[]
}

const text = (s: string) => new TextEncoder().encode(s)

export function exportWeights(project: Pick<Project, 'metadata' | 'network' | 'weights'>, opts: ExportOptions): ExportResult {
  const trained = trainedNetwork(project)
  // without the optimizer state the weights read back as a fresh start of the optimizer (epoch kept)
  const t = opts.include?.optimizer === false ? { ...trained, weights: { params: trained.weights.params, epoch: trained.weights.epoch } } : trained
  switch (opts.format) {
    case 'json':
      return { files: [{ name: SINGLE_FILE_NAMES.json, bytes: text(weightsToJson(t)) }] }
    case 'npz':
      return { files: [{ name: SINGLE_FILE_NAMES.npz, bytes: weightsToNpz(t) }] }
    case 'onnx':
      return { files: [{ name: SINGLE_FILE_NAMES.onnx, bytes: weightsToOnnx(t) }] }
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
