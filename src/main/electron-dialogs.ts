/** The app's Dialogs: Electron's native file pickers and message boxes, attached to the focused window. */
import { BrowserWindow, dialog } from 'electron'
import { PROJECT_EXTENSION } from '../shared/project-constants'
import type { Dialogs } from './services/dialogs'

const filters = [{ name: 'RNN Workbench project', extensions: [PROJECT_EXTENSION.slice(1)] }]

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
  async confirm({ message, detail, confirm, cancel }) {
    const win = BrowserWindow.getFocusedWindow()
    const options = { type: 'question' as const, message, detail, buttons: [confirm, cancel], defaultId: 1, cancelId: 1 }
    const r = win ? await dialog.showMessageBox(win, options) : await dialog.showMessageBox(options)
    return r.response === 0
  },
}
