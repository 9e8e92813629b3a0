// Projects for tests: the bundled examples with their data made by running their scripts in the sandbox
// (in-process: the same runScript the worker runs), as the app and the CLI make it before training.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { runScript } from '../../src/node/scripts/sandbox.js'
import { resolveProjectData, type ScriptRunner } from '../../src/node/services/project-data.js'
import { parseProject, toProjectFile, type InlineData, type Project, type ProjectFile } from '../../src/shared/project-file.js'
import { scriptRunOptions } from '../../src/shared/script-api.js'

/** The repository's resources/: the files that ship with the app (examples, the NETtalk corpus). */
export const RESOURCES_DIR = join(import.meta.dirname, '../../resources')
export const EXAMPLES_DIR = join(RESOURCES_DIR, 'examples')

/** Runs scripts on the calling thread (tests need no worker for this). */
export const inProcessRunner: ScriptRunner = { run: (data) => runScript(data.source, scriptRunOptions(data)) }

/** An example project as the file has it (its data a script). */
export function readExample(name: string): Project {
  return parseProject(readFileSync(join(EXAMPLES_DIR, `${name}.rnn.json`), 'utf8'))
}

/** An example project with its data made. */
export function exampleWithData(name: string): Promise<Project<InlineData>> {
  return resolveProjectData(readExample(name), inProcessRunner)
}

/** An example in file form with its data written out inline (for tests of inline data). */
export async function inlineExampleFile(name: string): Promise<ProjectFile> {
  return toProjectFile(await exampleWithData(name))
}
