/**
 * The project that File › New (blank) starts from: one recurrent hidden layer and a small task written as a
 * data script (output the input bit of the previous step), so a new network can be trained at once and its
 * data edited in the script pane. Zod-free, so the renderer can build it itself.
 */
import { PROJECT_FORMAT, projectFileVersion } from './project-constants.js'
import type { ProjectFile } from './project-file.js'

/** The script a new project (or a switch from imported data to a script) starts from. */
export const STARTER_SCRIPT = `// The data set: input sequences u and teacher signals z, made from the seed (the same seed, the same data).
// Hover over h to see the helpers; docs/scripting.md has the whole API.
export default function (h: ScriptHelpers): DataSet {
  const sequence = (): DataSequence => {
    const bits = h.range(10).map(() => h.rng.bit())
    return {
      u: bits.map((b) => [b]),
      // the target is the previous step's input bit; the first step has none (null)
      z: bits.map((_, t) => (t === 0 ? null : [bits[t - 1]])),
    }
  }
  return { inputSize: 1, outputSize: 1, train: h.range(16).map(sequence) }
}
`

/** `text`: the name and task in the window's language (the renderer passes its catalogue's); default English. */
export function blankProject(now: Date = new Date(), text: { name: string; description: string } = { name: 'Untitled', description: 'Output the input bit of the previous step.' }): ProjectFile {
  const stamp = now.toISOString()
  return {
    format: PROJECT_FORMAT,
    version: projectFileVersion(undefined),
    metadata: { name: text.name, description: text.description, createdAt: stamp, modifiedAt: stamp },
    network: { inputSize: 1, hidden: [{ units: 4, activation: 'tanh' }], output: { units: 1, activation: 'sigmoid' } },
    training: { optimizer: 'adam', learningRate: 0.05, epochs: 200, seed: 1 },
    data: { kind: 'script', source: STARTER_SCRIPT, seed: 1 },
    weights: null,
    history: { loss: [] },
  }
}
