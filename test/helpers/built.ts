// The app's built entries (out/main/chunks: what main passes to its launchers and worker threads), which the slow
// tier's global setup builds from the current sources before any test (test/global-setup.ts). Tests start trainer
// processes from them: a trainer started from TypeScript through tsx compiles its sources first, seconds per
// process. test/node/services/training.test.ts keeps one run of the source entry, checked against the built one.
import { join } from 'node:path'
import { nodeTrainerLauncher } from '../../src/node/services/launcher.js'

const root = join(import.meta.dirname, '../..')

/** An entry of the app's main build (electron.vite.config.ts: main imports them with ?modulePath). */
export const builtEntry = (name: string): string => join(root, 'out/main/chunks', `${name}.js`)

/** Trainer processes from the built trainer entry. */
export const builtTrainerLauncher = () => nodeTrainerLauncher(builtEntry('trainer'))
