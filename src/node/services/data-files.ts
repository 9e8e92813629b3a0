/**
 * Data files on disk: reading a CSV or JSON file for import, writing a data set out. The formats themselves
 * are src/shared/data-io.ts; this adds the file system, the choice of format by extension and a size cap.
 */
import { extname } from 'node:path'
import { datasetToCsv, datasetToJson, type CsvImportOptions, type DataSets } from '../../shared/data-io.js'
import { parseUserFile, type ParseOptions } from './parse-files.js'
import type { DataImportResult } from '../../shared/ipc.js'
import { writeFileAtomic } from './files.js'


export function dataFormatOf(path: string): 'csv' | 'json' {
  const ext = extname(path).toLowerCase()
  if (ext === '.csv') return 'csv'
  if (ext === '.json') return 'json'
  throw new Error(`${path}: expected a .csv or .json data file`)
}

/** Reads and checks a data file; problems of its content come back as a result, an unreadable file throws. */
/** Reads and checks a data file within its size budget (a large one in a worker with a heap limit:
 *  parse-files.ts); problems of its content come back as a result, a missing or unreadable file throws. */
export async function readDataFile(path: string, options: { csv?: CsvImportOptions; parse?: ParseOptions } = {}): Promise<DataImportResult> {
  const format = dataFormatOf(path)
  return parseUserFile({ kind: 'data', path, format, ...(options.csv ? { csv: options.csv } : {}) }, options.parse)
}

export async function writeDataFile(path: string, data: DataSets, format: 'csv' | 'json'): Promise<void> {
  await writeFileAtomic(path, format === 'csv' ? datasetToCsv(data) : datasetToJson(data))
}
