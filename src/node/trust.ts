/** Which requests main accepts: only from a window it created, showing the app's own page. Electron-free. */
export function isTrustedRequest(opts: { fromOwnWindow: boolean; frameUrl: string | undefined; appUrl: string; devServer: boolean }): boolean {
  if (!opts.fromOwnWindow || !opts.frameUrl) return false
  if (opts.devServer) return new URL(opts.frameUrl).origin === new URL(opts.appUrl).origin
  return opts.frameUrl.split('#')[0] === opts.appUrl
}
