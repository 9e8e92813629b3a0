// docs/project-format.md stays in step with the project file schema: every property of the generated JSON
// Schema is mentioned as a code span, every training default is the one in TRAINING_DEFAULTS, and every
// example marked complete (a ```json block whose preceding non-empty line says "complete example") parses.
// docs/tutorial.md shows exactly the pictures in docs/images/tutorial/ (every link resolves, every picture is
// shown), and README links it.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { TRAINING_DEFAULTS } from '../src/core/index.js'
import { parseProject, projectJsonSchema } from '../src/shared/project-file.js'

const docPath = join(import.meta.dirname, '../docs/project-format.md')
const doc = readFileSync(docPath, 'utf8')

/** Every key of every `properties` object anywhere in the schema (items, anyOf, oneOf, $defs included). */
function propertyNames(node: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(node)) {
    node.forEach((n) => propertyNames(n, into))
  } else if (typeof node === 'object' && node !== null) {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'properties' && typeof value === 'object' && value !== null) {
        for (const [name, sub] of Object.entries(value)) {
          into.add(name)
          propertyNames(sub, into)
        }
      } else {
        propertyNames(value, into)
      }
    }
  }
  return into
}

/** The contents of every code span in the Markdown (inline `x` and fenced blocks excluded). */
function codeSpans(markdown: string): Set<string> {
  const prose = markdown.replace(/^```[\s\S]*?^```/gm, '')
  return new Set([...prose.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]))
}

/** ```json blocks whose preceding non-empty line contains "complete example". */
function completeExamples(markdown: string): string[] {
  const lines = markdown.split('\n')
  const blocks: string[] = []
  lines.forEach((line, i) => {
    if (line.trim() !== '```json') return
    let k = i - 1
    while (k >= 0 && lines[k].trim() === '') k--
    if (k < 0 || !/complete example/i.test(lines[k])) return
    const end = lines.findIndex((l, j) => j > i && l.trim() === '```')
    expect(end, `unclosed json block at line ${i + 1}`).toBeGreaterThan(i)
    blocks.push(lines.slice(i + 1, end).join('\n'))
  })
  return blocks
}

/** The default cell of the table row whose first cell is `field`. */
function defaultCell(field: string): string | undefined {
  const row = doc.split('\n').find((l) => l.startsWith(`| \`${field}\` |`))
  return row?.split(' | ')[2]
}

describe('docs/project-format.md', () => {
  it('mentions every property of the schema as a code span', () => {
    const names = propertyNames(projectJsonSchema())
    expect(names.size).toBeGreaterThan(40)
    const spans = codeSpans(doc)
    const missing = [...names].filter((n) => !spans.has(n))
    expect(missing, `properties not documented as \`name\``).toEqual([])
  })

  it('states the training defaults of TRAINING_DEFAULTS', () => {
    const { init, ...rest } = TRAINING_DEFAULTS
    const fields: [string, unknown][] = [...Object.entries(rest), ['init.kind', init.kind], ['init.scale', init.scale]]
    for (const [field, value] of fields) {
      expect(defaultCell(field), `default of training.${field}`).toContain(`\`${JSON.stringify(value)}\``)
    }
  })

  it('has complete examples that parse', () => {
    const blocks = completeExamples(doc)
    expect(blocks.length).toBeGreaterThan(0)
    for (const text of blocks) expect(() => parseProject(text)).not.toThrow()
  })
})

describe('docs/tutorial.md', () => {
  const tutorial = readFileSync(join(import.meta.dirname, '../docs/tutorial.md'), 'utf8')
  const imageDir = join(import.meta.dirname, '../docs/images/tutorial')
  const links = [...tutorial.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1])

  it('links pictures that exist, and every picture the e2e test took', () => {
    expect(links.length).toBeGreaterThan(5)
    for (const link of links) {
      expect(link, 'pictures live in docs/images/tutorial/').toMatch(/^images\/tutorial\/[\w-]+\.png$/)
      expect(existsSync(join(import.meta.dirname, '../docs', link)), `${link} exists`).toBe(true)
    }
    const pictures = readdirSync(imageDir).filter((f) => f.endsWith('.png'))
    expect(pictures.map((f) => `images/tutorial/${f}`).sort()).toEqual([...new Set(links)].sort())
  })

  it('keeps the pictures small PNGs', () => {
    for (const f of readdirSync(imageDir)) {
      const file = join(imageDir, f)
      expect(readFileSync(file).subarray(1, 4).toString('latin1'), `${f} is a PNG`).toBe('PNG')
      expect(statSync(file).size, `${f} is under 400 KB`).toBeLessThan(400_000)
    }
  })

  it('is linked from the README', () => {
    expect(readFileSync(join(import.meta.dirname, '../README.md'), 'utf8')).toContain('](docs/tutorial.md)')
  })
})
