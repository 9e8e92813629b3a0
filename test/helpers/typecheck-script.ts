// Type-checks a data script the way the editor does (src/renderer/monaco/setup.ts): strict TypeScript, ES2023
// library only (no DOM: scripts have none), the script API's declarations (SCRIPT_API_DTS) as the only globals.
// A `.js` file name checks JavaScript (with JSDoc types), as checkJs does.
import ts from 'typescript'
import { SCRIPT_API_DTS } from '../../src/shared/script-api.js'

/** Every problem TypeScript finds, as `<file> line L: message`. */
export function scriptTypeErrors(source: string, file = '/data-script.ts'): string[] {
  const own = new Map([
    ['/rnnwb-script-api.d.ts', SCRIPT_API_DTS],
    [file, source],
  ])
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    lib: ['lib.es2023.d.ts'],
    types: [],
    strict: true,
    noEmit: true,
    allowJs: true,
    checkJs: true,
  }
  const host = ts.createCompilerHost(options)
  const getSourceFile = host.getSourceFile.bind(host)
  host.getSourceFile = (name, language, ...rest) => (own.has(name) ? ts.createSourceFile(name, own.get(name)!, language) : getSourceFile(name, language, ...rest))
  host.fileExists = (name) => own.has(name) || ts.sys.fileExists(name)
  host.readFile = (name) => own.get(name) ?? ts.sys.readFile(name)
  const program = ts.createProgram([...own.keys()], options, host)
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const line = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : 0
    return `${d.file?.fileName ?? ''} line ${line}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`
  })
}
