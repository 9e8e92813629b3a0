// The bundled examples: the committed files are exactly what scripts/examples.ts generates, and each one
// learns its task with its own settings and seed: the stated loss within the stated epochs. These are the
// learning tests of the core (delayed recall, binary addition, sine) and of the notes' exact network.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Trainer, predict } from '../src/core/index.js'
import { parseProject, serializeProject, trainingDataset } from '../src/shared/project-file.js'
import { examples } from '../scripts/examples.js'

const dir = join(import.meta.dirname, '../resources/examples')

describe('examples', () => {
  for (const ex of examples()) {
    describe(ex.file, () => {
      it('is committed as generated (npm run examples)', () => {
        expect(readFileSync(join(dir, ex.file), 'utf8')).toBe(serializeProject(ex.project))
      })

      it(`reaches loss < ${ex.reaches} within ${ex.project.training.epochs} epochs`, () => {
        const p = parseProject(readFileSync(join(dir, ex.file), 'utf8'))
        const trainer = new Trainer({ network: p.network, training: p.training, data: trainingDataset(p.data) })
        const losses: number[] = []
        while (!trainer.done) losses.push(trainer.runEpoch().loss)
        expect(losses.at(-1)!).toBeLessThan(ex.reaches)
        expect(losses.at(-1)!).toBeLessThan(losses[0] / 10)
        if (p.network.output.activation === 'sigmoid') {
          // binary tasks: every target bit is output on the right side of 0.5
          const y = predict(trainer.layout, trainer.params, trainer.data)
          p.data.train.forEach((s, q) => s.z.forEach((z, t) => z && expect(Math.round(y[q][t][0]), `sequence ${q} step ${t}`).toBe(z[0])))
        }
      })
    })
  }
})
