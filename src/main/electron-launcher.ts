/**
 * The app's TrainerLauncher: Electron utility processes running the bundled trainer entry. The only
 * Electron-specific part of the training host; everything else runs (and is tested) under plain Node.
 */
import { utilityProcess } from 'electron'
import trainerEntry from '../node/trainer/trainer?modulePath'
import type { TrainerToHost } from '../shared/trainer-protocol'
import type { TrainerLauncher } from '../node/services/launcher'

export const electronTrainerLauncher: TrainerLauncher = () => {
  const child = utilityProcess.fork(trainerEntry, [], { serviceName: 'RNN Workbench trainer', stdio: 'inherit' })
  let exited = false
  child.on('exit', () => (exited = true))
  return {
    get pid() {
      return child.pid
    },
    send: (message) => {
      if (!exited) child.postMessage(message)
    },
    onMessage: (listener) => child.on('message', (m: TrainerToHost) => listener(m)),
    onExit: (listener) => child.on('exit', (code) => listener({ code, signal: null })),
    kill: () => {
      if (!exited) child.kill()
    },
  }
}
