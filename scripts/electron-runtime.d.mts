// Types of scripts/electron-runtime.mjs (plain JavaScript so that `npm start` needs no TypeScript loader).
export type ElectronRuntime =
  | { readonly ok: true; readonly executablePath: string; readonly version: string; readonly downloaded: boolean }
  | { readonly ok: false; readonly message: string }

export function electronPackage(root: string): { dir: string; version: string }
export function installedExecutable(packageDir: string, version: string, env?: NodeJS.ProcessEnv): string | undefined
export function cacheFolder(env?: NodeJS.ProcessEnv): string
export function explainInstallFailure(
  stderr: string,
  options: { what: string; version: string; cache: string; env?: NodeJS.ProcessEnv },
): string
export function ensureElectronRuntime(options: {
  root: string
  env?: NodeJS.ProcessEnv
  log?: (line: string) => void
}): Promise<ElectronRuntime>
