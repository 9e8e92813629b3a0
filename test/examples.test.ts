// The bundled examples: the committed files are exactly what scripts/examples.ts generates, their data
// scripts type-check against the script API as the editor checks them, and each one learns its task with its
// own settings and seed (on the data its script makes): the stated loss within the stated epochs. These are
// the learning tests of the core (delayed recall, binary addition, sine) and of the notes' exact network.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Trainer, predict } from '../src/core/index.js'
import { serializeProject } from '../src/shared/project-file.js'
import { trainingDataset, validationDataset } from '../src/shared/runs.js'
import { STARTER_SCRIPT } from '../src/shared/blank-project.js'
import { examples, nettalkExample } from '../scripts/examples.js'
import { EXAMPLES_DIR, exampleWithData } from './helpers/projects.js'
import { scriptTypeErrors } from './helpers/typecheck-script.js'

describe('examples', () => {
  for (const ex of examples()) {
    const name = ex.file.replace('.rnn.json', '')
    describe(ex.file, () => {
      it('is committed as generated (npm run examples)', () => {
        expect(readFileSync(join(EXAMPLES_DIR, ex.file), 'utf8')).toBe(serializeProject(ex.project))
      })

      it('has a data script without type errors', () => {
        expect(scriptTypeErrors(ex.project.data.source)).toEqual([])
      })

      it(`reaches loss < ${ex.reaches} within ${ex.project.training.epochs} epochs`, async () => {
        const p = await exampleWithData(name)
        const trainer = new Trainer({ network: p.network, training: p.training, data: trainingDataset(p.data), validation: validationDataset(p.data) })
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

  it('the NETtalk example is committed as generated; it names the corpus that ships with the app, no path', () => {
    const ex = nettalkExample()
    expect(readFileSync(join(EXAMPLES_DIR, ex.file), 'utf8')).toBe(serializeProject(ex.project))
    expect(ex.project.data).toMatchObject({ corpus: 'bundled', wordList: 'bundled' })
    expect(ex.project.network).toMatchObject({ inputSize: 203, hidden: [{ units: 120, recurrent: false }], output: { units: 26 } })
  })

  it("the new project's starter script type-checks, and a type error is found", () => {
    expect(scriptTypeErrors(STARTER_SCRIPT)).toEqual([])
    expect(scriptTypeErrors(STARTER_SCRIPT.replace('h.rng.bit()', 'h.rng.bitt()')).join('\n')).toMatch(/line 5: Property 'bitt' does not exist/)
  })
})
