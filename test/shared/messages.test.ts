// Messages that quote files (src/shared/messages.ts): controls escaped, lines cut, lines capped.
import { describe, expect, it } from 'vitest'
import { MESSAGE_LIMITS, safeMessage } from '../../src/shared/messages.js'
import { ProjectFileError, parseProject } from '../../src/shared/project-file.js'

describe('safeMessage', () => {
  it('escapes control characters, bidirectional overrides and line separators', () => {
    expect(safeMessage('a\u001b[2Jb\u0007c\u202ed\u2028e\u0000')).toBe('a\\x1b[2Jb\\x07c\\u202ed\\u2028e\\x00')
  })

  it('cuts long lines and caps the number of lines', () => {
    const long = 'x'.repeat(1_000_000)
    expect(safeMessage(long)).toHaveLength(MESSAGE_LIMITS.lineChars)
    expect(safeMessage(long).endsWith('…')).toBe(true)
    const many = Array.from({ length: 50 }, (_, i) => `line ${i}`).join('\n')
    const shown = safeMessage(many).split('\n')
    expect(shown).toHaveLength(MESSAGE_LIMITS.lines + 1)
    expect(shown.at(-1)).toBe('(and 30 more lines)')
  })

  it('makes one line when asked', () => {
    expect(safeMessage('first\nsecond\r\nthird', { oneLine: true })).toBe('first | second | third')
  })
})

describe('project file errors', () => {
  it('never carry a control character or a huge value from the file', () => {
    // zod names unknown keys in its messages: the key is the file's text
    const file = (key: string) =>
      JSON.stringify({
        format: 'rnn-workbench-project',
        version: 1,
        metadata: { name: 'x' },
        network: { inputSize: 1, hidden: [], output: { units: 1 } },
        training: { [key]: 1 },
        data: { kind: 'inline', inputSize: 1, outputSize: 1, train: [{ u: [[0]], z: [[0]] }] },
      })
    for (const key of ['\u001b[2J\u001b[31mkey', 'k'.repeat(1_000_000)]) {
      let error: ProjectFileError | undefined
      try {
        parseProject(file(key))
      } catch (e) {
        error = e as ProjectFileError
      }
      expect(error).toBeInstanceOf(ProjectFileError)
      expect(error!.message).not.toMatch(/[\u0000-\u0008\u000b-\u001f]/)
      expect(error!.message.length).toBeLessThan(2 * MESSAGE_LIMITS.lineChars * 6)
      for (const issue of error!.issues) expect(issue.message.length).toBeLessThanOrEqual(2 * MESSAGE_LIMITS.lineChars)
    }
  })
})
