/**
 * The bundled example projects: resources/examples/*.rnn.json (in the packaged app, `examples` beside the
 * app's resources). Listing reads each file's metadata; opening returns the project in its file form.
 */
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { ExampleInfo } from '../../shared/ipc.js'
import { PROJECT_EXTENSION, parseProject, toProjectFile, type ProjectFile } from '../../shared/project-file.js'

export class ExamplesService {
  constructor(private readonly dir: string) {}

  async list(): Promise<ExampleInfo[]> {
    const files = (await readdir(this.dir)).filter((f) => f.endsWith(PROJECT_EXTENSION)).sort()
    return Promise.all(
      files.map(async (file) => {
        const project = parseProject(await readFile(join(this.dir, file), 'utf8'))
        return { id: file.slice(0, -PROJECT_EXTENSION.length), name: project.metadata.name, description: project.metadata.description ?? '' }
      }),
    )
  }

  async open(id: string): Promise<ProjectFile> {
    // only ids that were listed: never a path the caller made up
    if (!(await this.list()).some((e) => e.id === id)) throw new Error(`no example ${JSON.stringify(id)}`)
    return toProjectFile(parseProject(await readFile(join(this.dir, id + PROJECT_EXTENSION), 'utf8')))
  }
}
