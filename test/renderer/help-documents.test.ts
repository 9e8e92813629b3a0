// The documents Help shows (src/renderer/help/documents.ts): every docs/*.md and the README bundled, links
// between them resolved, Markdown rendered with heading anchors and raw HTML shown as text.
import { describe, expect, it } from 'vitest'
import { HELP_DOCUMENTS, helpDocument, helpImage, LECTURE_NOTES_ID, renderMarkdown, resolveHelpLink } from '../../src/renderer/help/documents'

/** docs/*.md as Vite lists them from here (the renderer's types have no file system). */
const docFiles = Object.keys(import.meta.glob('../../docs/*.md')).map((p) => p.split('/').pop()!)

describe('the bundled documents', () => {
  it('are the README and every docs/*.md, titled by their first heading', () => {
    expect(docFiles).toContain('model.md')
    expect(HELP_DOCUMENTS.map((d) => d.id)).toEqual(['README.md', ...docFiles.sort().map((f) => `docs/${f}`)])
    expect(helpDocument(LECTURE_NOTES_ID)?.title).toBe('The model and how it trains')
    expect(helpDocument('docs/project-format.md')?.title).not.toContain('`')
  })

  it('resolve relative links between documents, and nothing else', () => {
    expect(resolveHelpLink('README.md', 'docs/model.md')).toEqual({ id: 'docs/model.md', anchor: null })
    expect(resolveHelpLink('docs/data-formats.md', 'project-format.md#data')).toEqual({ id: 'docs/project-format.md', anchor: 'data' })
    expect(resolveHelpLink('docs/data-formats.md', '#notes')).toEqual({ id: 'docs/data-formats.md', anchor: 'notes' })
    expect(resolveHelpLink('docs/packaging.md', '../README.md')).toEqual({ id: 'README.md', anchor: null })
    expect(resolveHelpLink('docs/packaging.md', '../electron-builder.yml')).toBeNull() // not bundled
    expect(resolveHelpLink('README.md', '../outside/notes.md')).toBeNull()
    expect(resolveHelpLink('docs/data-formats.md', 'https://www.rfc-editor.org/rfc/rfc4180')).toBeNull()
  })
})

describe('renderMarkdown', () => {
  it('renders headings with anchors that links use, tables and code', () => {
    const html = renderMarkdown('# The `loss`, explained\n\n## Data\n\n| a | b |\n| --- | --- |\n| 1 | 2 |\n\n    E = ½ Σ (y − z)²\n')
    expect(html).toContain('<h1 id="the-loss-explained">The <code>loss</code>, explained</h1>')
    expect(html).toContain('<h2 id="data">Data</h2>')
    expect(html).toContain('<td>1</td>')
    expect(html).toContain('<pre><code>E = ½ Σ (y − z)²')
  })

  it('shows raw HTML as text', () => {
    const html = renderMarkdown('<img src=x onerror=alert(1)>\n\ntext <script>alert(1)</script>')
    expect(html).not.toContain('<img')
    expect(html).not.toContain('<script')
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;')
  })
})

describe('pictures in the documents', () => {
  it('come from the bundle (docs/images/), relative to their document; anything else is its alt text', () => {
    const url = helpImage('docs/tutorial.md', 'images/tutorial/01-lecture-preset.png')
    expect(url).toMatch(/01-lecture-preset\.png/)
    expect(helpImage('README.md', 'docs/images/tutorial/01-lecture-preset.png')).toBe(url)
    expect(helpImage('docs/tutorial.md', 'images/tutorial/no-such.png')).toBeNull()
    expect(helpImage('docs/tutorial.md', 'https://example.invalid/a.png')).toBeNull()
    const html = renderMarkdown('![The window](images/tutorial/01-lecture-preset.png)\n\n![gone](https://example.invalid/a.png)', 'docs/tutorial.md')
    expect(html).toContain(`<img src="${url}" alt="The window"`)
    expect(html).not.toContain('example.invalid')
    expect(html).toContain('[gone]')
  })
})
