/**
 * The app's request handlers, one per channel of the shared contract, on top of the main-process services.
 * Electron-free: the app (src/main/index.ts) and the test harness build them the same way.
 */
import { basename, dirname, resolve } from 'node:path'
import type { AboutInfo, MenuState } from '../shared/app-menu.js'
import type { IpcHandlers, OpenedProject } from '../shared/ipc.js'
import { PROJECT_EXTENSION } from '../shared/project-constants.js'
import type { ProjectFile } from '../shared/project-file.js'
import type { Dialogs } from './services/dialogs.js'
import type { ProjectService } from './services/projects.js'
import { checkProject, inlineDataSchema, weightsToFile } from '../shared/project-file.js'
import { startRequest } from '../shared/runs.js'
import { runRecord } from '../shared/run-records.js'
import { encodeFloat64 } from '../shared/weights-codec.js'
import { readDataFile, writeDataFile } from './services/data-files.js'
import { describeNettalkData } from './services/nettalk-data.js'
import { exportWeights, MULTI_FILE_FORMATS } from './export/index.js'
import { folderTargets, readWeightsFile, suggestedExportName, writeExportFiles } from './services/weight-files.js'
import { resolveProjectData, type ScriptRunner } from './services/project-data.js'
import type { EventQueue } from './events.js'
import type { OfferedFiles } from './launch.js'
import type { ExamplesService } from './services/examples.js'
import type { TrainingService } from './services/training.js'
import type { SweepService } from './services/sweeps.js'
import { workerInspector, type NetworkInspector } from './inspect/index.js'
import { workerSpeaker, type Speaker } from './speech/index.js'
import { labWork, workerLab, type LabRunner } from './lab/index.js'
import type { LanguageSettings } from './language.js'
import { languageState } from '../shared/i18n/locales.js'

export interface Services {
  version: string
  events: EventQueue
  examples: ExamplesService
  training: TrainingService
  /** Runs sweeps and repeats in trainer processes of its own (its runs are not the window's training runs). */
  sweeps: SweepService
  projects: ProjectService
  dialogs: Dialogs
  /** Runs data scripts (in worker threads: never on main's own thread). */
  scripts: ScriptRunner
  /** The folder of the files that ship with the app: the NETtalk corpus (nettalk/) of projects that say 'bundled'. */
  resourcesDir: string
  /** Runs forward passes on trained weights (in worker threads: never on main's own thread). Default: worker
   *  threads on src/node/inspect/inspect-worker (a bundled app passes its built entry). */
  inspector?: NetworkInspector
  /** Speaks NETtalk's readings with eSpeak NG (in a worker thread: never on main's own thread). Default: a worker
   *  thread on src/node/speech/speech-worker (a bundled app passes its built entry). */
  speaker?: Speaker
  /** Runs the Lecture lab's computations (in worker threads: never on main's own thread). Default: worker threads
   *  on src/node/lab/lab-worker (a bundled app passes its built entry). */
  lab?: LabRunner
  /** Called with the renderer's unsaved-changes flag (main asks before closing a window with changes). */
  setDirty?: (dirty: boolean) => void
  /** Files handed to the app from outside (command line, second launch, the OS): the window may open these. */
  offered?: OfferedFiles
  /** Called with the window's state that enables the menu's items (main rebuilds the menu). */
  setMenuState?: (state: MenuState) => void
  /** process.versions of the main process, for Help › About. */
  versions?: Readonly<Record<string, string | undefined>>
  /** The window's language setting; absent: always the system's, taken as English. */
  language?: LanguageSettings
}

export function createHandlers(s: Services): IpcHandlers {
  /** Large user files are parsed in the host's worker (the one data scripts run in: its built entry in the app). */
  const parsing = s.scripts.workerEntry ? { workerEntry: s.scripts.workerEntry } : {}
  /** Paths this window may save to without asking: ones it opened, or chose in a dialog. */
  const known = new Set<string>()
  const saveTo = async (project: ProjectFile, path: string) => {
    await s.projects.save(path, project)
    known.add(path)
    await s.projects.discardOwnRecovery()
    return path
  }
  const saveAs = async (project: ProjectFile) => {
    const path = await s.dialogs.saveProject(`${project.metadata?.name ?? 'Untitled'}${PROJECT_EXTENSION}`)
    return path ? saveTo(project, path) : null
  }
  /** Where a project's files are: relative paths start at the folder of a project file this window opened or
   *  saved; the bundled corpus is in the resources folder. */
  const projectFolder = (path: string | null | undefined) => ({ resourcesDir: s.resourcesDir, allowOutside: outsideAllowed, ...(path && known.has(path) ? { baseDir: dirname(path) } : {}) })
  /** Files outside a project's folder this window may read: chosen by the user in a dialog, or allowed in the
   *  confirm dialog the renderer shows for a NettalkSummary's needsPermission. */
  const outsideAllowed = new Set<string>()
  /** Data files this window chose in a dialog: it may read them again (with other CSV options). */
  const dataFiles = new Set<string>()
  /** Work where a newer request of the same kind cancels the one under way (the user has moved on): a script run
   *  (the user has typed on), a forward pass per purpose (the states charts and "Try your own input" do not cancel
   *  each other), a lab computation per channel (the next step, a second click). */
  const latest = latestOnly<string>()
  const inspector = s.inspector ?? workerInspector()
  const speaker = s.speaker ?? workerSpeaker()
  const lab = s.lab ?? workerLab()
  const latestLab = <T>(channel: string, file: ProjectFile, path: string | null, compute: (work: ReturnType<typeof labWork>, signal: AbortSignal) => Promise<T>): Promise<T> =>
    latest(channel, async (signal) => {
      // the project's data made exactly as for training:start (checked as a file being opened, a script run here)
      const project = await resolveProjectData(checkProject(file), s.scripts, projectFolder(path))
      if (signal.aborted) throw new Error(`${channel} was cancelled by a newer request`)
      return await compute(labWork(project), signal)
    })
  const opened = async (path: string): Promise<OpenedProject> => {
    const project = await s.projects.open(path, parsing).catch((e: Error) => {
      throw new Error(`${basename(path)}: ${e.message}`) // which file, then why
    })
    known.add(path)
    return { path, project }
  }
  return {
    app: {
      version: () => s.version,
      ready: () => s.events.ready(),
      menuState: (state) => s.setMenuState?.(state),
      about: (): AboutInfo => ({
        name: 'RNN Workbench',
        version: s.version,
        versions: Object.fromEntries(
          ['electron', 'chrome', 'node', 'v8'].flatMap((k) => (typeof s.versions?.[k] === 'string' ? [[k, s.versions[k]]] : [])),
        ),
        platform: process.platform,
        arch: process.arch,
      }),
      language: () => s.language?.get() ?? languageState('system', []),
      setLanguage: (choice) => s.language?.set(choice) ?? languageState(choice, []),
    },
    projects: {
      open: async () => {
        const path = await s.dialogs.openProject()
        return path ? opened(path) : null
      },
      openRecent: async (path) => {
        if (!(await s.projects.recent()).includes(path)) throw new Error(`${path} is not a recent project`)
        return opened(path)
      },
      openOffered: async (path) => {
        if (!s.offered?.has(path)) throw new Error(`${path} was not given to the app to open`)
        return opened(path)
      },
      save: ({ project, path }) => (path !== null && known.has(path) ? saveTo(project, path) : saveAs(project)),
      saveAs: ({ project }) => saveAs(project),
      recent: () => s.projects.recent(),
      // a path is remembered only if this window may write there anyway (restore makes it known again)
      autosave: ({ project, path }) => s.projects.autosave(project, path !== null && known.has(path) ? path : null),
      recovery: () => s.projects.recovery(parsing),
      restore: async () => {
        const restored = await s.projects.restore(parsing)
        if (restored.path) known.add(restored.path)
        return restored
      },
      discardRecovery: () => s.projects.discardRecovery(),
      setDirty: (dirty) => s.setDirty?.(dirty),
    },
    dialogs: {
      confirm: (request) => s.dialogs.confirm(request),
    },
    scripts: {
      run: (data) => latest('scripts:run', (signal) => s.scripts.run(data, signal)),
    },
    data: {
      import: async ({ path, csv }) => {
        if (path !== null && !dataFiles.has(path)) throw new Error(`${path} was not chosen in this window`)
        const file = path ?? (await s.dialogs.openDataFile())
        if (file === null) return null
        dataFiles.add(file)
        return readDataFile(file, { ...(csv ? { csv } : {}), parse: parsing }).catch((e: Error) => {
          throw new Error(`${basename(file)}: ${e.message}`)
        })
      },
      export: async ({ data, format, suggestedName }) => {
        const parsed = inlineDataSchema.safeParse(data)
        if (!parsed.success) throw new Error(`the data set to export is not valid: ${parsed.error.issues[0]?.message ?? 'unknown problem'}`)
        const path = await s.dialogs.saveDataFile(suggestedName, format)
        if (path === null) return null
        await writeDataFile(path, parsed.data, format)
        return path
      },
    },
    weights: {
      export: async ({ project: file, format, include }) => {
        // refused (untrained, a format that cannot express the network) before anything is asked
        const project = checkProject(file)
        const files = exportWeights(project, { format, ...(include ? { include } : {}) }).files
        const refuseProjectFile = (path: string) => {
          if (known.has(path)) throw new Error(`${basename(path)} is a project file of this window: export into another file`)
        }
        if (!MULTI_FILE_FORMATS.includes(format)) {
          const path = await s.dialogs.saveExportFile(suggestedExportName(project.metadata.name, files[0].name), format)
          if (path === null) return null
          refuseProjectFile(path)
          await writeExportFiles([{ path, bytes: files[0].bytes }])
          return { paths: [path] }
        }
        const folder = await s.dialogs.chooseExportFolder(format)
        if (folder === null) return null
        const { paths, existing } = await folderTargets(folder, files)
        paths.forEach(refuseProjectFile)
        // files of an earlier export (or anyone's) are only written over when the user says so
        if (existing.length > 0) {
          const names = existing.map((p) => basename(p))
          const replace = await s.dialogs.confirm({
            message: `Replace ${names.length === 1 ? names[0] : `${names.length} files`} in ${basename(folder)}?`,
            detail: `${folder} already has ${names.join(', ')}. Exporting writes over ${names.length === 1 ? 'it' : 'them'}.`,
            confirm: 'Replace',
            cancel: 'Cancel',
          })
          if (!replace) return null
        }
        await writeExportFiles(paths.map((path, i) => ({ path, bytes: files[i].bytes })), folder)
        return { paths }
      },
      import: async ({ project: file }) => {
        const project = checkProject(file)
        const path = await s.dialogs.openWeightsFile()
        if (path === null) return null
        const weights = await readWeightsFile(path, project.network, parsing).catch((e: Error) => {
          throw new Error(`${basename(path)}: ${e.message}`) // which file, then every problem (one a line)
        })
        return { path, weights: weightsToFile(project.network, weights) }
      },
    },
    nettalk: {
      chooseFile: async (what) => {
        const path = await s.dialogs.openNettalkFile(what)
        if (path !== null) outsideAllowed.add(resolve(path)) // the user's explicit choice
        return path
      },
      describe: (data, projectPath, allowPaths) => {
        for (const p of allowPaths ?? []) outsideAllowed.add(resolve(p))
        return describeNettalkData(data, projectFolder(projectPath))
      },
      speak: (request) => speaker.speak(request),
    },
    network: {
      inspect: (request) => latest(`network:inspect:${request.purpose ?? 'states'}`, (signal) => inspector.inspect(request, signal)),
    },
    lab: {
      step: ({ project, path, ...request }) => latestLab('lab:step', project, path, (work, signal) => lab.step(work, request, signal)),
      gradcheck: ({ project, path, ...request }) => latestLab('lab:gradcheck', project, path, (work, signal) => lab.gradcheck(work, request, signal)),
      compare: ({ project, path, ...request }) => latestLab('lab:compare', project, path, (work, signal) => lab.compare(work, request, signal)),
    },
    examples: {
      list: () => s.examples.list(),
      open: (id) => s.examples.open(id),
    },
    training: {
      start: async ({ project: file, epochs, inspect, pace, path }) => {
        // the same checks as opening a file, and a script's data made here: nothing unchecked reaches a trainer
        const project = await resolveProjectData(checkProject(file), s.scripts, projectFolder(path))
        return s.training.start(startRequest(project, { epochs, inspect, pace }))
      },
      inspect: (id, sequence) => s.training.inspect(id, sequence),
      pace: (id, epochsPerSecond) => s.training.pace(id, epochsPerSecond),
      result: (id) => {
        const run = s.training.info(id)
        return { weights: run.weights ? weightsToFile(run.network, run.weights) : null, loss: run.loss, validationLoss: run.validationLoss }
      },
      snapshots: (id) => ({ network: s.training.info(id).network, snapshots: s.training.snapshots(id).map((k) => ({ epoch: k.epoch, params: encodeFloat64(k.params) })) }),
      pause: (id) => s.training.pause(id),
      resume: (id) => s.training.resume(id),
      step: (id) => s.training.step(id),
      stop: async (id) => {
        await s.training.stop(id)
        return s.training.summary(id)
      },
      list: () => s.training.list().map((run) => s.training.summary(run.id)),
      record: ({ runId, label }) => {
        const run = s.training.info(runId)
        const weights = run.weights ? { weights: weightsToFile(run.network, run.weights) } : {}
        return runRecord('r0', { ...s.training.outcome(runId), ...weights }, { label })
      },
    },
    sweeps: {
      start: async ({ project: file, path, spec, repeat, parallel }) => {
        // checked as training:start checks (the spec by normalizeSweep in the service), the data made once
        const project = await resolveProjectData(checkProject(file), s.scripts, projectFolder(path))
        return s.sweeps.start({ project, ...(spec !== undefined ? { spec } : {}), ...(repeat !== undefined ? { repeat } : {}), ...(parallel !== undefined ? { parallel } : {}) })
      },
      pause: (target) => s.sweeps.pause(target),
      resume: (target) => s.sweeps.resume(target),
      stop: (target) => s.sweeps.stop(target),
      list: () => s.sweeps.list(),
    },
  }
}

/** Runs keyed by kind where starting one aborts the one of the same key still under way (its promise rejects
 *  through its signal); the finished one leaves the map only if no newer one has replaced it. */
function latestOnly<K>() {
  const running = new Map<K, AbortController>()
  return async <T>(key: K, work: (signal: AbortSignal) => Promise<T>): Promise<T> => {
    running.get(key)?.abort()
    const controller = new AbortController()
    running.set(key, controller)
    try {
      return await work(controller.signal)
    } finally {
      if (running.get(key) === controller) running.delete(key)
    }
  }
}
