/**
 * Data files on disk: reading a CSV or JSON file for import, writing a data set out. The formats themselves
 * are src/shared/data-io.ts; this adds the file system, the choice of format by extension and a size cap.
 */
import { readFile, stat } from 'node:fs/promises'
import { extname } from 'node:path'
import { DataImportError, datasetToCsv, datasetToJson, parseCsvDataset, parseJsonDataset, readCsvHeader, type CsvImportOptions, type DataSets } from '../../shared/data-io.js'
import type { DataImportResult } from '../../shared/ipc.js'
import { writeFileAtomic } from './files.js'

/** Larger files are refused before reading: 5M values of ~25 characters each is far below this. */
export const MAX_DATA_FILE_BYTES = 512 * 2 ** 20

export function dataFormatOf(path: string): 'csv' | 'json' {
  const ext = extname(path).toLowerCase()
  if (ext === '.csv') return 'csv'
  if (ext === '.json') return 'json'
  throw new Error(`${path}: expected a .csv or .json data file`)
}

/** Reads and checks a data file; problems of its content come back as a result, an unreadable file throws. */
export async function readDataFile(path: string, options: { csv?: CsvImportOptions } = {}): Promise<DataImportResult> {
  const format = dataFormatOf(path)
  const size = (await stat(path)).size
  if (size > MAX_DATA_FILE_BYTES) throw new Error(`${path}: ${size} bytes is more than a data file may have (${MAX_DATA_FILE_BYTES})`)
  const text = await readFile(path, 'utf8')
  let header: string[] | undefined
  try {
    if (format === 'csv') header = readCsvHeader(text)
    const { data, notes } = format === 'csv' ? parseCsvDataset(text, options.csv) : parseJsonDataset(text)
    return { path, format, ...(header ? { header } : {}), ok: true, data, notes }
  } catch (e) {
    if (e instanceof DataImportError) return { path, format, ...(header ? { header } : {}), ok: false, problems: e.problems, truncated: e.truncated }
    throw e
  }
}

export async function writeDataFile(path: string, data: DataSets, format: 'csv' | 'json'): Promise<void> {
  await writeFileAtomic(path, format === 'csv' ? datasetToCsv(data) : datasetToJson(data))
}
