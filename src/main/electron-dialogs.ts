/** The app's Dialogs: Electron's native file pickers and message boxes, attached to the focused window. */
import { BrowserWindow, dialog } from 'electron'
import { PROJECT_EXTENSION } from '../shared/project-constants'
import type { Dialogs } from '../node/services/dialogs'
import { IMPORT_EXTENSIONS, type ExportFormat } from '../shared/weights-export'

const filters = [{ name: 'RNN Workbench project', extensions: [PROJECT_EXTENSION.slice(1)] }]

/** The save dialog's filter of each one-file export format. */
const EXPORT_FILTERS: Partial<Record<ExportFormat, { name: string; extensions: string[] }>> = {
  json: { name: 'Weights (JSON)', extensions: ['json'] },
  npz: { name: 'NumPy weights (.npz)', extensions: ['npz'] },
  onnx: { name: 'ONNX model', extensions: ['onnx'] },
}
const FOLDER_TITLES: Partial<Record<ExportFormat, string>> = {
  csv: 'Choose a folder for the CSV files (one per matrix)',
  pytorch: 'Choose a folder for model.py and weights.npz',
}

export const electronDialogs: Dialogs = {
  async openProject() {
    const win = BrowserWindow.getFocusedWindow()
    const options = { properties: ['openFile' as const], filters }
    const r = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options)
    return r.canceled ? null : (r.filePaths[0] ?? null)
  },
  async saveProject(suggestedName) {
    const win = BrowserWindow.getFocusedWindow()
    const options = { defaultPath: suggestedName.endsWith(PROJECT_EXTENSION) ? suggestedName : suggestedName + PROJECT_EXTENSION, filters }
    const r = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options)
    return r.canceled || !r.filePath ? null : r.filePath
  },
  async openDataFile() {
    const win = BrowserWindow.getFocusedWindow()
    const options = { properties: ['openFile' as const], filters: [{ name: 'Data (CSV or JSON)', extensions: ['csv', 'json'] }] }
    const r = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options)
    return r.canceled ? null : (r.filePaths[0] ?? null)
  },
  async saveDataFile(suggestedName, format) {
    const win = BrowserWindow.getFocusedWindow()
    const options = { defaultPath: suggestedName, filters: [{ name: format === 'csv' ? 'CSV' : 'JSON', extensions: [format] }] }
    const r = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options)
    return r.canceled || !r.filePath ? null : r.filePath
  },
  async saveExportFile(suggestedName, format) {
    const win = BrowserWindow.getFocusedWindow()
    const filter = EXPORT_FILTERS[format]
    const options = { title: 'Export weights', defaultPath: suggestedName, filters: filter ? [filter] : [], properties: ['showOverwriteConfirmation' as const] }
    const r = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options)
    return r.canceled || !r.filePath ? null : r.filePath
  },
  async chooseExportFolder(format) {
    const win = BrowserWindow.getFocusedWindow()
    const options = { title: FOLDER_TITLES[format] ?? 'Choose a folder', buttonLabel: 'Export here', properties: ['openDirectory' as const, 'createDirectory' as const] }
    const r = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options)
    return r.canceled ? null : (r.filePaths[0] ?? null)
  },
  async openWeightsFile() {
    const win = BrowserWindow.getFocusedWindow()
    const options = { title: 'Import weights', properties: ['openFile' as const], filters: [{ name: 'Weights (JSON or NumPy .npz)', extensions: [...IMPORT_EXTENSIONS] }] }
    const r = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options)
    return r.canceled ? null : (r.filePaths[0] ?? null)
  },
  async openNettalkFile(what) {
    const win = BrowserWindow.getFocusedWindow()
    const title = what === 'corpus' ? 'Choose the NETtalk dictionary (nettalk.data)' : 'Choose a word list (such as nettalk.list)'
    const options = { title, properties: ['openFile' as const] }
    const r = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options)
    return r.canceled ? null : (r.filePaths[0] ?? null)
  },
  async confirm({ message, detail, confirm, cancel }) {
    const win = BrowserWindow.getFocusedWindow()
    const options = { type: 'question' as const, message, detail, buttons: [confirm, cancel], defaultId: 1, cancelId: 1 }
    const r = win ? await dialog.showMessageBox(win, options) : await dialog.showMessageBox(options)
    return r.response === 0
  },
}
