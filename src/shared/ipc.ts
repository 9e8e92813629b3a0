/**
 * The typed IPC contract between the Electron main process and the renderer.
 *
 * `ipcContract` is the single source of truth: a map from domain → method → request/response
 * channel. Channel names are spelled here and nowhere else. Main derives its handler table
 * (`IpcHandlers`) from it, the preload builds `window.api` from it (`createWindowApi`), and the
 * renderer sees `window.api` as `WindowApi`. Adding a channel here makes main fail to type-check
 * until it registers a handler, and makes the method appear on `window.api`.
 *
 * This module is plain ECMAScript: no Electron, Node or DOM types, so both tsconfig.node.json and
 * tsconfig.web.json can include it.
 */

/** A request/response channel: its name on the wire, plus its argument and result types (type-only). */
export interface InvokeChannel<Args extends unknown[], Result> {
  readonly channel: string
  /** Phantom field carrying the types; never set at runtime. */
  readonly __types?: { readonly args: Args; readonly result: Result }
}

function invoke<Args extends unknown[], Result>(channel: string): InvokeChannel<Args, Result> {
  return { channel }
}

export const ipcContract = {
  app: {
    /** The application's version (package.json "version"). */
    version: invoke<[], string>('app:version'),
  },
} as const

export type IpcContract = typeof ipcContract
export type IpcDomain = keyof IpcContract

type ArgsOf<C> = C extends InvokeChannel<infer Args, unknown> ? Args : never
type ResultOf<C> = C extends InvokeChannel<unknown[], infer Result> ? Result : never

/** `window.api` as the renderer sees it: `api.app.version(): Promise<string>`. */
export type WindowApi = {
  readonly [D in IpcDomain]: {
    readonly [M in keyof IpcContract[D]]: (...args: ArgsOf<IpcContract[D][M]>) => Promise<ResultOf<IpcContract[D][M]>>
  }
}

/** What main must provide: one handler per channel, same shape as `WindowApi`. */
export type IpcHandlers = {
  readonly [D in IpcDomain]: {
    readonly [M in keyof IpcContract[D]]: (
      ...args: ArgsOf<IpcContract[D][M]>
    ) => ResultOf<IpcContract[D][M]> | Promise<ResultOf<IpcContract[D][M]>>
  }
}

/** Every channel in the contract with its domain and method name, for wiring main and preload. */
export function listChannels(): { domain: string; method: string; channel: string }[] {
  return Object.entries(ipcContract).flatMap(([domain, methods]) =>
    Object.entries(methods).map(([method, { channel }]) => ({ domain, method, channel })),
  )
}

/** A transport for requests, e.g. `ipcRenderer.invoke`. */
export type Invoke = (channel: string, ...args: unknown[]) => Promise<unknown>

/** Builds the `window.api` object on top of a transport; used by the preload. */
export function createWindowApi(invoke: Invoke): WindowApi {
  const api: Record<string, Record<string, (...args: unknown[]) => Promise<unknown>>> = {}
  for (const { domain, method, channel } of listChannels()) {
    ;(api[domain] ??= {})[method] = (...args) => invoke(channel, ...args)
  }
  return api as WindowApi
}
