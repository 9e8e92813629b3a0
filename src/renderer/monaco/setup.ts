/// <reference types="vite/client" />
/**
 * The one place Monaco is configured: the editor core with its editor features, the TypeScript language
 * (tokenizer and language service; no other language is bundled), its web workers (built by Vite as files of
 * their own, so the CSP needs nothing beyond 'self'), and the TypeScript service's options for data scripts:
 * ES2023 without the DOM (a script runs in a sandbox that has no DOM, timers or modules) and the script API's
 * declarations (SCRIPT_API_DTS) as an extra library, for completion, hover docs and squiggles.
 *
 * Importing this module configures Monaco once, as a side effect. It is big: ScriptEditor.vue imports it
 * with import(), so Monaco loads when the editor is first shown, not when the app starts.
 */
import * as monaco from 'monaco-editor/editor'
import 'monaco-editor/features/register.all'
import 'monaco-editor/languages/definitions/typescript/register'
import { ModuleKind, ScriptTarget, typescriptDefaults } from 'monaco-editor/languages/features/typescript/register'
import EditorWorker from 'monaco-editor/editor/editor.worker?worker'
import TsWorker from 'monaco-editor/language/typescript/ts.worker?worker'
import { SCRIPT_API_DTS } from '../../shared/script-api'

self.MonacoEnvironment = {
  getWorker(_workerId: string, label: string): Worker {
    return label === 'typescript' || label === 'javascript' ? new TsWorker() : new EditorWorker()
  },
}

/** Where the script API's declarations live in the TypeScript service's file system. */
export const SCRIPT_API_URI = 'file:///rnnwb-script-api.d.ts'

/** TypeScript's own ScriptTarget.ES2022 (Monaco's enum lists targets only up to ES2020). */
const ES2022 = 9 as ScriptTarget

typescriptDefaults.setCompilerOptions({
  target: ES2022,
  module: ModuleKind.ESNext,
  strict: true,
  noEmit: true,
  // the standard library only: `window`, `document` or `fetch` are errors, as they are in the sandbox. The
  // language service takes lib file names (tsconfig's "es2023" is TypeScript's lib.es2023.d.ts).
  lib: ['lib.es2023.d.ts'],
})
typescriptDefaults.setDiagnosticsOptions({ noSemanticValidation: false, noSyntaxValidation: false })
typescriptDefaults.addExtraLib(SCRIPT_API_DTS, SCRIPT_API_URI)

export { monaco }
