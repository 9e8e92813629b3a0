/**
 * The questions main asks the user (file pickers, confirmations), as an interface: Electron's dialog
 * module in the app (src/main/electron-dialogs.ts), scripted answers in the test harness.
 */
import type { ExportFormat } from '../../shared/weights-export.js'

export interface ConfirmOptions {
  message: string
  detail?: string
  /** Label of the button that goes ahead. */
  confirm: string
  /** Label of the button that keeps things as they are. */
  cancel: string
}

export interface Dialogs {
  /** A project file to open, or null if the user cancelled. */
  openProject(): Promise<string | null>
  /** Where to save a project, or null if the user cancelled. */
  saveProject(suggestedName: string): Promise<string | null>
  /** A data file to import (CSV or JSON), or null if the user cancelled. */
  openDataFile(): Promise<string | null>
  /** Where to write a data file, or null if the user cancelled. */
  saveDataFile(suggestedName: string, format: 'csv' | 'json'): Promise<string | null>
  /** Where to write a one-file weights export (json, npz, onnx), or null if the user cancelled. */
  saveExportFile(suggestedName: string, format: ExportFormat): Promise<string | null>
  /** The folder to write a several-file weights export into (csv, pytorch), or null if the user cancelled. */
  chooseExportFolder(format: ExportFormat): Promise<string | null>
  /** A weights file to import (JSON or .npz), or null if the user cancelled. */
  openWeightsFile(): Promise<string | null>
  /** A NETtalk dictionary or word-list file, or null if the user cancelled. */
  openNettalkFile(what: 'corpus' | 'wordList'): Promise<string | null>
  confirm(options: ConfirmOptions): Promise<boolean>
}
