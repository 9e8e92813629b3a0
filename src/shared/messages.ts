/**
 * Error messages that quote what a file said: shown in a terminal (rnnwb) or the window, so control characters
 * are escaped (an ESC sequence from a file must not clear a screen), each line is cut to a readable length and
 * the number of lines is capped (a 1 MB value in a wrong field must not become a 1 MB message).
 * Zod-free: the renderer uses it too.
 */
export const MESSAGE_LIMITS = {
  /** Characters of one line; longer lines end in "…". */
  lineChars: 300,
  /** Lines of one message; further lines are summarised as "(and N more lines)". */
  lines: 20,
} as const

// C0 and C1 controls except tab and newline, DEL, the line/paragraph separators and the bidirectional overrides
// (which can make a terminal or a page show text in another order than it has).
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g

/** Control characters as visible escapes: ESC → \x1b, U+202E → \u202e. */
export function escapeControls(text: string): string {
  return text.replace(CONTROL, (c) => {
    const code = c.charCodeAt(0)
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`
  })
}

/** `text` cut to `max` characters, ending in "…" when it was longer. */
export function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text
}

/** A message fit to show: controls escaped, lines cut, at most MESSAGE_LIMITS.lines lines (one with
 *  `oneLine`, the others joined with " | "). */
export function safeMessage(text: string, opts: { oneLine?: boolean } = {}): string {
  // cut before escaping the rest: a huge message is never copied whole
  const lines = text.slice(0, MESSAGE_LIMITS.lineChars * MESSAGE_LIMITS.lines * 2).split(/\r\n|\n|\r/)
  const shown = lines.slice(0, MESSAGE_LIMITS.lines).map((line) => cut(escapeControls(line.replace(/\t/g, ' ')), MESSAGE_LIMITS.lineChars))
  const more = text.split(/\r\n|\n|\r/).length - shown.length
  if (more > 0) shown.push(`(and ${more} more line${more === 1 ? '' : 's'})`)
  return opts.oneLine ? cut(shown.join(' | '), MESSAGE_LIMITS.lineChars * 2) : shown.join('\n')
}
