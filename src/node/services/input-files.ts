/**
 * Reading a file a user gave the app (a project, data, weights, a NETtalk corpus) within its size budget
 * (INPUT_LIMITS in src/shared/project-constants.ts). Only regular files are read: the path is stat'ed first,
 * so a directory, a FIFO (which would block a read forever) or a device (/dev/zero never ends) is refused
 * without being opened, and a file over budget is refused before a byte of it is read. The file is then
 * opened without blocking and checked again through its handle (it may have been swapped since the stat),
 * and never more than the budget is read, whatever the file grows to meanwhile.
 *
 * Callers turn InputFileError into their own documented error (ProjectFileError, NettalkDataError, …).
 */
import { constants } from 'node:fs'
import { open, stat } from 'node:fs/promises'
import type { Stats } from 'node:fs'

export type InputFileProblem = 'missing' | 'not-a-file' | 'too-large' | 'unreadable'

export class InputFileError extends Error {
  constructor(
    readonly problem: InputFileProblem,
    message: string,
  ) {
    super(message)
    this.name = 'InputFileError'
  }
}

export interface InputFileOptions {
  /** Largest size accepted, in bytes. */
  maxBytes: number
  /** What the file is, for messages: 'project file', 'dictionary'. */
  what: string
}

/** What kind of thing other than a regular file `info` describes. */
export function kindOf(info: Stats): string {
  if (info.isDirectory()) return 'a folder'
  if (info.isFIFO()) return 'a FIFO (named pipe)'
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device'
  if (info.isSocket()) return 'a socket'
  return info.isFile() ? 'a file' : 'not a regular file'
}

/** The stat of a regular file within budget; throws InputFileError otherwise. */
export async function checkInputFile(path: string, opts: InputFileOptions): Promise<Stats> {
  let info: Stats
  try {
    info = await stat(path)
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new InputFileError('missing', `the ${opts.what} ${path} does not exist`)
    throw new InputFileError('unreadable', `cannot read the ${opts.what} ${path} (${code ?? (e as Error).message})`)
  }
  return checkStats(path, info, opts)
}

function checkStats(path: string, info: Stats, opts: InputFileOptions): Stats {
  if (!info.isFile()) throw new InputFileError('not-a-file', `the ${opts.what} ${path} is ${kindOf(info)}, not a regular file`)
  if (info.size > opts.maxBytes) throw new InputFileError('too-large', tooLargeMessage(path, info.size, opts))
  return info
}

const tooLargeMessage = (path: string, size: number, opts: InputFileOptions) =>
  `the ${opts.what} ${path} is too large: ${size} bytes, and a ${opts.what} may have at most ${opts.maxBytes} (${(opts.maxBytes / 2 ** 20).toFixed(0)} MiB)`

/** The bytes of a regular file of at most opts.maxBytes; throws InputFileError otherwise. */
export async function readInputFile(path: string, opts: InputFileOptions): Promise<Buffer> {
  await checkInputFile(path, opts)
  let handle
  try {
    handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0))
  } catch (e) {
    throw new InputFileError('unreadable', `cannot read the ${opts.what} ${path} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`)
  }
  try {
    const info = checkStats(path, await handle.stat(), opts) // the file opened is the one checked
    // one byte more than the budget: a file that grew past it since the stat is noticed
    const buffer = Buffer.allocUnsafe(Math.min(info.size, opts.maxBytes) + 1)
    let length = 0
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null)
      if (bytesRead === 0) break
      length += bytesRead
      if (length > opts.maxBytes) throw new InputFileError('too-large', tooLargeMessage(path, length, opts))
      if (length === buffer.length) break // it grew, but not past the budget: read what the stat promised
    }
    return buffer.subarray(0, length)
  } catch (e) {
    if (e instanceof InputFileError) throw e
    throw new InputFileError('unreadable', `cannot read the ${opts.what} ${path} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`)
  } finally {
    await handle.close()
  }
}

/** The text (UTF-8) of a regular file of at most opts.maxBytes; throws InputFileError otherwise. */
export async function readInputText(path: string, opts: InputFileOptions): Promise<string> {
  return (await readInputFile(path, opts)).toString('utf8')
}
