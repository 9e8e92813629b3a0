/**
 * The app's request handlers, one per channel of the shared contract, on top of the main-process services.
 * Electron-free: the app (src/main/index.ts) and the test harness build them the same way.
 */
import type { IpcHandlers } from '../shared/ipc.js'
import { checkProject, trainingDataset } from '../shared/project-file.js'
import type { EventQueue } from './events.js'
import type { ExamplesService } from './services/examples.js'
import type { TrainingService } from './services/training.js'

export interface Services {
  version: string
  events: EventQueue
  examples: ExamplesService
  training: TrainingService
}

export function createHandlers(s: Services): IpcHandlers {
  return {
    app: {
      version: () => s.version,
      ready: () => s.events.ready(),
    },
    examples: {
      list: () => s.examples.list(),
      open: (id) => s.examples.open(id),
    },
    training: {
      start: ({ project: file, epochs }) => {
        const project = checkProject(file) // the same checks as opening a file: nothing unchecked reaches a trainer
        const w = project.weights
        return s.training.start({
          network: project.network,
          training: project.training,
          data: trainingDataset(project.data),
          ...(w ? { params: w.params, epoch: w.epoch, optimizer: w.optimizer } : {}),
          ...(epochs !== undefined ? { epochs } : {}),
        })
      },
      pause: (id) => s.training.pause(id),
      resume: (id) => s.training.resume(id),
      step: (id) => s.training.step(id),
      stop: async (id) => {
        await s.training.stop(id)
        return s.training.summary(id)
      },
      list: () => s.training.list().map((run) => s.training.summary(run.id)),
    },
  }
}
