// Dialogs for the harness: each question takes the next scripted answer, and is recorded.
import type { ConfirmOptions, Dialogs } from '../../src/node/services/dialogs.js'
import type { ExportFormat } from '../../src/shared/weights-export.js'

export class ScriptedDialogs implements Dialogs {
  private answers: unknown[] = []
  readonly asked: string[] = []

  /** Queues answers, in order: a path (or null) for file pickers, true/false for confirmations. */
  answer(...answers: unknown[]): void {
    this.answers.push(...answers)
  }

  private next<T>(question: string): T {
    this.asked.push(question)
    if (this.answers.length === 0) throw new Error(`no scripted answer for: ${question}`)
    return this.answers.shift() as T
  }

  async openProject() {
    return this.next<string | null>('open project')
  }

  async saveProject(suggestedName: string) {
    return this.next<string | null>(`save project (${suggestedName})`)
  }

  async openDataFile() {
    return this.next<string | null>('open data file')
  }

  async saveDataFile(suggestedName: string, format: 'csv' | 'json') {
    return this.next<string | null>(`save data file (${suggestedName}, ${format})`)
  }

  async saveExportFile(suggestedName: string, format: ExportFormat) {
    return this.next<string | null>(`save export (${suggestedName}, ${format})`)
  }

  async chooseExportFolder(format: ExportFormat) {
    return this.next<string | null>(`export folder (${format})`)
  }

  async openWeightsFile() {
    return this.next<string | null>('open weights file')
  }

  async openNettalkFile(what: 'corpus' | 'wordList') {
    return this.next<string | null>(`open NETtalk ${what}`)
  }

  async confirm(o: ConfirmOptions) {
    return this.next<boolean>(`confirm: ${o.message}`)
  }
}
