// npm run examples: writes resources/examples/*.rnn.json from scripts/examples.ts.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { serializeProject } from '../src/shared/project-file.js'
import { examples, nettalkExample } from './examples.js'

const dir = join(import.meta.dirname, '../resources/examples')
for (const ex of [...examples(), nettalkExample()]) {
  writeFileSync(join(dir, ex.file), serializeProject(ex.project))
  console.log(`wrote resources/examples/${ex.file}`)
}
