/**
 * The bundled example projects: resources/examples/*.rnn.json (in the packaged app, `examples` beside the
 * app's resources). Listing reads each file's metadata; opening returns the project in its file form.
 */
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { ExampleInfo } from '../../shared/ipc.js'
import { PROJECT_EXTENSION, parseProject, toProjectFile, type ProjectFile } from '../../shared/project-file.js'

const TRAINED_SUFFIX = `.trained${PROJECT_EXTENSION}`

export class ExamplesService {
  constructor(private readonly dir: string) {}

  async list(): Promise<ExampleInfo[]> {
    // `rnnwb train` writes <name>.trained.rnn.json beside an example it trains: not an example itself
    const files = (await readdir(this.dir)).filter((f) => f.endsWith(PROJECT_EXTENSION) && !f.endsWith(TRAINED_SUFFIX)).sort()
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
