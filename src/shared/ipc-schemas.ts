/**
 * The argument schema of every request channel in src/shared/ipc.ts. Main validates each request with
 * these before any handler sees it. The map's type is derived from the contract: a missing channel, or a
 * schema whose output differs from the channel's argument types, fails to compile.
 * Kept apart from the contract so that the sandboxed preload does not have to bundle zod.
 */
import { z } from 'zod'
import { LIMITS } from './project-constants.js'
import { LANGUAGE_CHOICES, LOCALES } from './i18n/locales.js'
import type { ArgsOf, DataExportRequest, IpcContract, IpcDomain, NetworkInspectRequest, SweepStartRequest, TrainingStartRequest, WeightsExportRequest } from './ipc.js'
import { nettalkDataSchema, networkSchema, scriptDataSchema, weightArraySchema, type ProjectFile } from './project-file.js'
import { EXPORT_FORMATS, type ExportFormat } from './weights-export.js'
import type { LabCompareRequest, LabGradcheckRequest, LabGradient, LabStepRequest } from './lab.js'

type Schemas = { readonly [D in IpcDomain]: { readonly [M in keyof IpcContract[D]]: z.ZodType<ArgsOf<IpcContract[D][M]>> } }

const none = z.tuple([])
const runIdSchema = z.string().regex(/^run-\d{1,9}$/, 'expected a run id such as run-1')
const runId = z.tuple([runIdSchema])
const sweepTarget = z.tuple([z.object({ sweepId: z.string().regex(/^sweep-\d{1,9}$/, 'expected a sweep id such as sweep-1'), index: z.number().int().min(0).max(LIMITS.runRecords).optional() }).strict()])

const path = z.string().min(1).max(4096)
const column = z.string().max(1000)
const projectRequest = z.object({ project: z.unknown(), path: path.nullable() }).strict()

const labGradient: z.ZodType<LabGradient> = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('exact') }).strict(),
  z.object({ mode: z.literal('truncated'), horizon: z.number().int().min(1).max(LIMITS.steps) }).strict(),
  z.object({ mode: z.literal('lecture') }).strict(),
])
/** p, t: 0-based indices; r: 1..R+1 (src/shared/lab.ts). Their upper bounds depend on the data and are checked
 *  where the data is made (src/node/lab). */
const labIndex = z.number().int().min(0)

export const requestSchemas: Schemas = {
  app: {
    version: none,
    ready: none,
    menuState: z.tuple([
      z
        .object({
          dirty: z.boolean(),
          busy: z.boolean(),
          hasWeights: z.boolean(),
          canTrain: z.boolean(),
          run: z.enum(['starting', 'running', 'paused', 'completed', 'stopped', 'failed']).nullable(),
          locale: z.enum(LOCALES).optional(),
          language: z.enum(LANGUAGE_CHOICES).optional(),
        })
        .strict(),
    ]),
    about: none,
    language: none,
    setLanguage: z.tuple([z.enum(LANGUAGE_CHOICES)]),
  },
  // project objects are checked by checkProject in the handlers (the project-file schema)
  projects: {
    open: none,
    openRecent: z.tuple([path]),
    openOffered: z.tuple([path]),
    save: z.tuple([projectRequest]) as z.ZodType<[{ project: ProjectFile; path: string | null }]>,
    saveAs: z.tuple([z.object({ project: z.unknown() }).strict()]) as z.ZodType<[{ project: ProjectFile }]>,
    recent: none,
    autosave: z.tuple([projectRequest]) as z.ZodType<[{ project: ProjectFile; path: string | null }]>,
    recovery: none,
    restore: none,
    discardRecovery: none,
    setDirty: z.tuple([z.boolean()]),
  },
  dialogs: {
    confirm: z.tuple([z.object({ message: z.string().max(2000), detail: z.string().max(10_000).optional(), confirm: z.string().max(100), cancel: z.string().max(100) }).strict()]),
  },
  scripts: { run: z.tuple([scriptDataSchema]) },
  data: {
    import: z.tuple([
      z
        .object({
          path: path.nullable(),
          csv: z
            .object({
              sequenceColumn: column.optional(),
              setColumn: column.optional(),
              inputs: z.array(column).max(LIMITS.units).optional(),
              targets: z.array(column).max(LIMITS.units).optional(),
              ignore: z.array(column).max(LIMITS.units).optional(),
            })
            .strict()
            .optional(),
        })
        .strict(),
    ]),
    // the data is checked by checkDataSets in the handler (the project-file schema of inline data)
    export: z.tuple([z.object({ data: z.unknown(), format: z.enum(['csv', 'json']), suggestedName: z.string().min(1).max(255) }).strict()]) as z.ZodType<[DataExportRequest]>,
  },
  // the project is checked by checkProject in the handlers (the project-file schema)
  weights: {
    export: z.tuple([
      z
        .object({
          project: z.unknown(),
          format: z.enum(EXPORT_FORMATS as [ExportFormat, ...ExportFormat[]]),
          include: z.object({ optimizer: z.boolean().optional() }).strict().optional(),
        })
        .strict(),
    ]) as z.ZodType<[WeightsExportRequest]>,
    import: z.tuple([z.object({ project: z.unknown() }).strict()]) as z.ZodType<[{ project: ProjectFile }]>,
  },
  nettalk: { chooseFile: z.tuple([z.enum(['corpus', 'wordList'])]), describe: z.union([z.tuple([nettalkDataSchema]), z.tuple([nettalkDataSchema, path.nullable()]), z.tuple([nettalkDataSchema, path.nullable(), z.array(path).max(2)])]),
    speak: z.tuple([z.object({ words: z.array(z.object({ phonemes: z.string().max(64), stress: z.string().max(64) }).strict()).min(1).max(16) }).strict()]),
  },
  // the network's own rules, and the weights and inputs against it, are checked where the pass runs (src/node/inspect)
  network: {
    inspect: z.tuple([
      z
        .object({
          network: networkSchema,
          arrays: z.array(weightArraySchema).max(3 * (LIMITS.hiddenLayers + 1)),
          inputs: z.array(z.array(z.number()).max(LIMITS.units)).min(1).max(LIMITS.steps),
          purpose: z.enum(['states', 'try-input']).optional(),
        })
        .strict(),
    ]) as z.ZodType<[NetworkInspectRequest]>,
  },
  // the project is checked by checkProject (the project-file schema), and the indices against its data, in the handler
  lab: {
    step: z.tuple([
      z
        .object({ project: z.unknown(), path: path.nullable(), sequence: labIndex.max(LIMITS.sequences), step: labIndex.max(LIMITS.steps), layer: z.number().int().min(1).max(LIMITS.hiddenLayers + 1), gradient: labGradient.optional() })
        .strict(),
    ]) as z.ZodType<[LabStepRequest]>,
    gradcheck: z.tuple([
      z
        .object({ project: z.unknown(), path: path.nullable(), gradients: z.array(labGradient).min(1).max(8), maxPerMatrix: z.number().int().min(1).max(LIMITS.units * LIMITS.units).optional(), seed: z.number().int().min(0).max(2 ** 32 - 1).optional() })
        .strict(),
    ]) as z.ZodType<[LabGradcheckRequest]>,
    compare: z.tuple([z.object({ project: z.unknown(), path: path.nullable(), maxHorizon: z.number().int().min(1).max(LIMITS.steps).optional() }).strict()]) as z.ZodType<[LabCompareRequest]>,
  },
  examples: { list: none, open: z.tuple([z.string().max(200)]) },
  training: {
    // the project itself is checked by checkProject (the project-file schema) in the handler
    start: z.tuple([
      z
        .object({ project: z.unknown(), epochs: z.number().int().min(1).max(LIMITS.epochs).optional(), inspect: z.number().int().min(0).max(LIMITS.sequences).optional(), pace: z.number().min(0).max(LIMITS.pace).optional(), path: path.nullable().optional() })
        .strict(),
    ]) as z.ZodType<[TrainingStartRequest]>,
    pause: runId,
    resume: runId,
    step: runId,
    stop: runId,
    list: none,
    inspect: z.tuple([runIdSchema, z.number().int().min(0).max(LIMITS.sequences).nullable()]),
    pace: z.tuple([runIdSchema, z.number().min(0).max(LIMITS.pace)]),
    result: runId,
    snapshots: runId,
    record: z.tuple([z.object({ runId: runIdSchema, label: z.string().max(LIMITS.runRecordText).optional() }).strict()]),
  },
  // the project is checked by checkProject and the spec by normalizeSweep (one place each), in the handler
  sweeps: {
    start: z.tuple([
      z
        .object({
          project: z.unknown(),
          path: path.nullable().optional(),
          spec: z.unknown().optional(),
          repeat: z.array(z.string().max(64)).min(1).max(LIMITS.runRecords).optional(),
          parallel: z.number().int().min(1).max(64).optional(),
        })
        .strict()
        .refine((r) => (r.spec === undefined) !== (r.repeat === undefined), 'expected exactly one of spec and repeat'),
    ]) as z.ZodType<[SweepStartRequest]>,
    pause: sweepTarget,
    resume: sweepTarget,
    stop: sweepTarget,
    list: none,
  },
}
