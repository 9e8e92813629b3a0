/**
 * The argument schema of every request channel in src/shared/ipc.ts. Main validates each request with
 * these before any handler sees it. The map's type is derived from the contract: a missing channel, or a
 * schema whose output differs from the channel's argument types, fails to compile.
 * Kept apart from the contract so that the sandboxed preload does not have to bundle zod.
 */
import { z } from 'zod'
import { LIMITS } from './limits.js'
import type { ArgsOf, IpcContract, IpcDomain, TrainingStartRequest } from './ipc.js'

type Schemas = { readonly [D in IpcDomain]: { readonly [M in keyof IpcContract[D]]: z.ZodType<ArgsOf<IpcContract[D][M]>> } }

const none = z.tuple([])
const runId = z.tuple([z.string().regex(/^run-\d{1,9}$/, 'expected a run id such as run-1')])

export const requestSchemas: Schemas = {
  app: { version: none, ready: none },
  examples: { list: none, open: z.tuple([z.string().max(200)]) },
  training: {
    // the project itself is checked by checkProject (the project-file schema) in the handler
    start: z.tuple([z.object({ project: z.unknown(), epochs: z.number().int().min(1).max(LIMITS.epochs).optional() }).strict()]) as z.ZodType<[TrainingStartRequest]>,
    pause: runId,
    resume: runId,
    step: runId,
    stop: runId,
    list: none,
  },
}
