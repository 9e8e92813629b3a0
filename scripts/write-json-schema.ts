// npm run schema: writes resources/project.schema.json from the zod schema in src/shared/project-file.ts.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { projectJsonSchema } from '../src/shared/project-file.js'

const path = join(import.meta.dirname, '../resources/project.schema.json')
writeFileSync(path, JSON.stringify(projectJsonSchema(), null, 2) + '\n')
console.log('wrote resources/project.schema.json')
