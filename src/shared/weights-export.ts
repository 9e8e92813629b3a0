/**
 * What a weights export is, for both sides of the app: the formats, which of them give several files (written
 * into a folder), the names of the files each writes, and what may be left out. The exporters themselves are in
 * src/node/export/ (docs/export.md); the renderer uses this to show what an export will write before it asks main.
 *
 * Plain TypeScript: no Node, DOM or zod.
 */
export type ExportFormat = 'json' | 'npz' | 'onnx' | 'csv' | 'pytorch'
export const EXPORT_FORMATS: readonly ExportFormat[] = ['json', 'npz', 'onnx', 'csv', 'pytorch']
/** Formats that give more than one file (written into a folder). */
export const MULTI_FILE_FORMATS: readonly ExportFormat[] = ['csv', 'pytorch']
/** Formats that can carry the optimizer state (in JSON, or in the .npz; PyTorch's .npz too). */
export const OPTIMIZER_FORMATS: readonly ExportFormat[] = ['json', 'npz', 'pytorch']

/** What an export includes beyond the weights themselves (and the network spec, name and epoch, always written
 *  where the format has room for them). */
export interface ExportInclude {
  /** The optimizer state (momentum's velocity, Adam's moments and step count), so that training resumes exactly
   *  from the exported weights. Default true; only OPTIMIZER_FORMATS carry it. */
  optimizer?: boolean
}

/** The file of each single-file format. */
export const SINGLE_FILE_NAMES = { json: 'weights.json', npz: 'weights.npz', onnx: 'model.onnx' } as const
/** File names of the PyTorch export: the snippet loads the .npz from beside itself by default. */
export const PYTORCH_FILES = { snippet: 'model.py', weights: 'weights.npz' } as const
/** CSV writes one file per array. */
export const csvFileName = (array: string): string => `${array}.csv`

/** The names of the files an export writes, given the network's array names in parameter order (W0, V1, b1, …). */
export function exportFileNames(format: ExportFormat, arrayNames: readonly string[]): string[] {
  switch (format) {
    case 'json':
    case 'npz':
    case 'onnx':
      return [SINGLE_FILE_NAMES[format]]
    case 'csv':
      return arrayNames.map(csvFileName)
    case 'pytorch':
      return [PYTORCH_FILES.snippet, PYTORCH_FILES.weights]
    default:
      throw new Error(`unknown export format ${JSON.stringify(format satisfies never)}`)
  }
}

/** Weights files import reads: JSON (an export, or a whole project file) and NumPy .npz. */
export const IMPORT_EXTENSIONS = ['json', 'npz'] as const
