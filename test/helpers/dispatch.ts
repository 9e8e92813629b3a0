// Main's dispatcher over the real handlers for channel tests that need no training: the bundled examples, an
// unused projects folder, scripted dialogs, scripts run in this thread; a test passes the services it is about
// (e.g. an inspector or lab runner; without one the handlers start their default worker threads).
import { join } from 'node:path'
import { tmpdir } from 'node:os'
import { EventQueue } from '../../src/node/events.js'
import { createHandlers, type Services } from '../../src/node/handlers.js'
import { createDispatcher } from '../../src/node/ipc-dispatch.js'
import { ExamplesService } from '../../src/node/services/examples.js'
import { ProjectService } from '../../src/node/services/projects.js'
import type { TrainingService } from '../../src/node/services/training.js'
import type { SweepService } from '../../src/node/services/sweeps.js'
import { ScriptedDialogs } from '../harness/dialogs.js'
import { EXAMPLES_DIR, RESOURCES_DIR, inProcessRunner } from './projects.js'

export function dispatcherWithoutTraining(services: Partial<Services> = {}): ReturnType<typeof createDispatcher> {
  return createDispatcher(
    createHandlers({
      version: '1',
      events: new EventQueue(() => {}),
      examples: new ExamplesService(EXAMPLES_DIR),
      training: {} as unknown as TrainingService,
      sweeps: {} as unknown as SweepService,
      resourcesDir: RESOURCES_DIR,
      projects: new ProjectService(join(tmpdir(), 'rnnwb-channels-unused')),
      dialogs: new ScriptedDialogs(),
      scripts: inProcessRunner,
      ...services,
    }),
  )
}
