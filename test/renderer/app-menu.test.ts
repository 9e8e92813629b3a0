// @vitest-environment happy-dom
// The window's side of the menu (src/renderer/stores/app-menu.ts): each action calls what the window's button
// does, the state it reports follows the window, and a file main offers opens as File › Open would.
// window.api is a fake.
import { flushPromises } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'

const fake = vi.hoisted(() => {
  const listeners = new Map<string, (payload: unknown) => void>()
  const opened = (path: string) => ({ path, project: null as unknown })
  return {
    listeners,
    app: { ready: vi.fn(async () => {}), menuState: vi.fn(async () => {}), about: vi.fn(async () => ({ name: 'RNN Workbench', version: '1.2.3', versions: {}, platform: 'linux', arch: 'x64' })) },
    dialogs: { confirm: vi.fn(async () => true) },
    projects: {
      recent: vi.fn(async () => []),
      recovery: vi.fn(async () => null),
      setDirty: vi.fn(async () => {}),
      autosave: vi.fn(async () => {}),
      discardRecovery: vi.fn(async () => {}),
      open: vi.fn(async () => null),
      openRecent: vi.fn(async (p: string) => opened(p)),
      openOffered: vi.fn(async (p: string) => opened(p)),
      save: vi.fn(async () => '/p/saved.rnn.json'),
      saveAs: vi.fn(async () => '/p/saved-as.rnn.json'),
    },
    weights: { import: vi.fn(async () => null) },
    on: vi.fn((event: string, listener: (payload: unknown) => void) => {
      listeners.set(event, listener)
      return () => {}
    }),
  }
})
vi.mock('../../src/renderer/api', () => ({ api: fake }))

import { useAppMenuStore } from '../../src/renderer/stores/app-menu'
import { useFilesStore } from '../../src/renderer/stores/files'
import { describe as describeRun } from '../../src/renderer/stores/training'
import { setLocale } from '../../src/renderer/i18n'
import { useExportsStore } from '../../src/renderer/stores/exports'
import { blankInlineProject, runIs, setup, type Setup } from './project-setup'

let s: Setup
beforeEach(() => {
  vi.clearAllMocks()
  s = setup()
  for (const f of [fake.projects.openRecent, fake.projects.openOffered]) f.mockImplementation(async (path: string) => ({ path, project: blankInlineProject() }))
})

describe('menu actions', () => {
  it('ask and report in the window\'s language: Polish file questions and failures, and the run legend', async () => {
    setLocale('pl')
    try {
      const files = useFilesStore()
      s.project.metadata.name = 'Moja sieć'
      await flushPromises()
      await useAppMenuStore().run('file.new')
      expect(fake.dialogs.confirm).toHaveBeenLastCalledWith({ message: 'Odrzucić niezapisane zmiany?', detail: '„Moja sieć” ma niezapisane zmiany. Nowy projekt je zastąpi.', confirm: 'Odrzuć', cancel: 'Anuluj' })
      fake.projects.openRecent.mockRejectedValueOnce(new Error("Error invoking remote method 'projects:open-recent': Error: /p/x.rnn.json: not valid JSON"))
      await files.openRecent('/p/x.rnn.json')
      expect(files.error).toBe('Nie udało się otworzyć x.rnn.json: /p/x.rnn.json: not valid JSON') // main's message stays English
      const training = { ...s.project.training, gradient: 'truncated' as const, horizon: 3, seed: 7 }
      expect(describeRun(s.project.network, training)).toMatch(/ → \w+ \d+ · \w+ c=[\d.]+ · obcięty 3 · ziarno 7$/)
      setLocale('en')
      expect(describeRun(s.project.network, training)).toMatch(/ → \w+ \d+ · \w+ c=[\d.]+ · truncated 3 · seed 7$/)
      expect(describeRun(s.project.network, { ...training, gradient: 'exact', precision: 'float32' })).toMatch(/ · exact · seed 7 · float32$/)
    } finally {
      setLocale('en')
    }
  })

  it('call what the buttons call', async () => {
    const menu = useAppMenuStore()
    await menu.run('file.open')
    expect(fake.projects.open).toHaveBeenCalledTimes(1)
    await menu.run('file.openRecent', '/p/recent.rnn.json')
    expect(fake.projects.openRecent).toHaveBeenCalledWith('/p/recent.rnn.json')
    expect(s.project.path).toBe('/p/recent.rnn.json')
    await menu.run('file.saveAs')
    expect(fake.projects.saveAs).toHaveBeenCalledTimes(1)
    expect(s.project.path).toBe('/p/saved-as.rnn.json')
    await menu.run('file.save')
    expect(fake.projects.save).toHaveBeenCalledWith({ project: expect.anything(), path: '/p/saved-as.rnn.json' })
    await menu.run('file.importWeights')
    expect(fake.weights.import).toHaveBeenCalledTimes(1)
    await menu.run('file.export')
    expect(useExportsStore().open).toBe(true)
    s.project.metadata.name = 'Edited'
    await flushPromises()
    await menu.run('file.new')
    expect(fake.dialogs.confirm).toHaveBeenCalledWith(expect.objectContaining({ message: 'Discard unsaved changes?' }))
    expect(s.project.path).toBeNull()
    await menu.run('help.lectureNotes')
    expect(menu.help).toBe('docs/model.md')
    await menu.run('help.documentation')
    expect(menu.help).toBe('README.md')
    await menu.run('help.about')
    expect(menu.help).toBe('about')
    expect(menu.about?.version).toBe('1.2.3')
  })

  it('leave a run alone when its status does not allow them', async () => {
    const menu = useAppMenuStore()
    runIs('completed')
    await menu.run('training.pauseResume')
    await menu.run('training.step')
    await menu.run('training.stop')
    expect(useAppMenuStore().state.run).toBe('completed')
  })
})

describe('state and files from main', () => {
  it('reports the menu state as it changes, and opens offered files asking about unsaved changes', async () => {
    const menu = useAppMenuStore()
    menu.listen()
    await flushPromises()
    expect(fake.app.menuState).toHaveBeenLastCalledWith({ dirty: false, busy: false, hasWeights: false, canTrain: true, run: null, locale: 'en', language: 'system' })
    runIs('paused')
    await flushPromises()
    expect(fake.app.menuState).toHaveBeenLastCalledWith({ dirty: false, busy: false, hasWeights: false, canTrain: false, run: 'paused', locale: 'en', language: 'system' })
    runIs('completed')
    s.project.metadata.name = 'Edited'
    await flushPromises()
    expect(fake.app.menuState).toHaveBeenLastCalledWith(expect.objectContaining({ dirty: true, run: 'completed', canTrain: true }))

    fake.dialogs.confirm.mockResolvedValueOnce(false)
    fake.listeners.get('app:open-file')!({ path: '/given/a.rnn.json' })
    await flushPromises()
    expect(fake.projects.openOffered).not.toHaveBeenCalled() // the user kept the unsaved work
    fake.listeners.get('app:open-file')!({ path: '/given/a.rnn.json' })
    await flushPromises()
    expect(fake.projects.openOffered).toHaveBeenCalledWith('/given/a.rnn.json')
    expect(s.project.path).toBe('/given/a.rnn.json')

    fake.listeners.get('menu:action')!({ action: 'help.documentation' })
    expect(menu.help).toBe('README.md')
  })
})
