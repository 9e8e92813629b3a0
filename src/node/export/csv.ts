/**
 * CSV weights, one file per matrix, for spreadsheets and teaching: `W0.csv`, `V1.csv`, `b1.csv`, …
 *
 * A matrix W{r-1} or V{r} of shape (n_r × n_in) is one row per unit it feeds and one column per unit it reads,
 * with the units named in the first row and column; the corner cell is the matrix's name:
 *   W0,u1,u2              V1,x1.1(t-1),x1.2(t-1)          b1,bias
 *   x1.1,0.5,-0.25        x1.1,0.1,0.7                     x1.1,0.03
 *   x1.2,…                x1.2,…                           x1.2,…
 * Units: u1..um (input), x{r}.{i} (unit i of hidden layer r), y1..yℓ (output); all numbered from 1.
 * Numbers are the shortest decimal that reads back as the same double. Lines end with '\n'.
 *
 * Not here: reading CSV weights back (import takes JSON and .npz).
 */
import { formatNumber } from '../../shared/data-io.js'
import { csvFileName } from '../../shared/weights-export.js'
import { entryValues, type ExportFile, type TrainedNetwork } from './trained.js'

/** Names of the units of layer r = 0..R+1 (0 = input, R+1 = output). */
export function unitNames(t: Pick<TrainedNetwork, 'network' | 'layout'>, r: number): string[] {
  const L = t.layout.layers.length
  const n = r === 0 ? t.network.inputSize : t.layout.layers[r - 1].units
  return Array.from({ length: n }, (_, i) => (r === 0 ? `u${i + 1}` : r === L ? `y${i + 1}` : `x${r}.${i + 1}`))
}

export function weightsToCsv(t: TrainedNetwork): ExportFile[] {
  const encoder = new TextEncoder()
  const files: ExportFile[] = []
  const table = (name: string, header: string[], rows: string[], values: Float64Array): void => {
    const cols = header.length
    const lines = [[name, ...header].join(',')]
    rows.forEach((row, i) => lines.push([row, ...Array.from(values.subarray(i * cols, (i + 1) * cols), formatNumber)].join(',')))
    files.push({ name: csvFileName(name), bytes: encoder.encode(lines.join('\n') + '\n') })
  }
  t.layout.layers.forEach((layer, k) => {
    const r = k + 1
    const units = unitNames(t, r)
    table(layer.W.name, unitNames(t, r - 1), units, entryValues(t, layer.W.name))
    if (layer.V) table(layer.V.name, units.map((u) => `${u}(t-1)`), units, entryValues(t, layer.V.name))
    if (layer.b) table(layer.b.name, ['bias'], units, entryValues(t, layer.b.name))
  })
  return files
}
