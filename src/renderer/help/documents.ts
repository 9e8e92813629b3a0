// The project's documentation, bundled into the renderer at build time (the README and docs/*.md as text) and
// rendered to HTML with marked, for Help › Documentation and Help › Lecture Notes. Nothing is fetched: the
// window's Content-Security-Policy stays as it is. Formulas are plain text in the Markdown and stay so.
// Pictures under docs/images/ (the tutorial's screenshots) are bundled too, as asset URLs of the renderer;
// any other picture a document names is shown as its alt text.
import { Marked } from 'marked'
import readme from '../../../README.md?raw'

const docs = import.meta.glob<string>('../../../docs/*.md', { query: '?raw', import: 'default', eager: true })
/** docs/images/…/x.png → its URL in the built renderer. */
const images = new Map(
  Object.entries(import.meta.glob<string>('../../../docs/images/**/*.png', { query: '?url', import: 'default', eager: true })).map(([path, url]) => [path.replace(/^(\.\.\/)+/, ''), url]),
)

export interface HelpDocument {
  /** The file's path in the repository: README.md, docs/model.md … (Markdown links name these). */
  id: string
  /** The first heading. */
  title: string
  markdown: string
}

const titleOf = (markdown: string, fallback: string) => /^#\s+(.+)$/m.exec(markdown)?.[1]?.replace(/`/g, '').trim() ?? fallback

/** README first, then docs/ by file name. */
export const HELP_DOCUMENTS: readonly HelpDocument[] = [
  { id: 'README.md', title: titleOf(readme, 'README'), markdown: readme },
  ...Object.entries(docs)
    .map(([path, markdown]) => {
      const id = `docs/${path.split('/').pop()}`
      return { id, title: titleOf(markdown, id), markdown }
    })
    .sort((a, b) => a.id.localeCompare(b.id)),
]

/** docs/model.md: the project's statement of the lecture's model and training rule. */
export const LECTURE_NOTES_ID = 'docs/model.md'

export function helpDocument(id: string): HelpDocument | undefined {
  return HELP_DOCUMENTS.find((d) => d.id === id)
}

/** The document a link in document `from` points at (relative Markdown links such as `model.md`,
 *  `docs/export.md`, `project-format.md#data`), with its anchor; null for anything else (web addresses, files
 *  that are not bundled). */
export function resolveHelpLink(from: string, href: string): { id: string; anchor: string | null } | null {
  if (/^[a-z][a-z0-9+.-]*:/i.test(href)) return null // https:, mailto: …
  const [file, anchor] = href.split('#', 2)
  if (file === '') return { id: from, anchor: anchor ?? null }
  const id = repositoryPath(from, file)
  return helpDocument(id) ? { id, anchor: anchor ?? null } : null
}

/** `file`, relative to document `from`, as a path in the repository (`images/a.png` from docs/x.md → docs/images/a.png). */
function repositoryPath(from: string, file: string): string {
  const parts = from.split('/').slice(0, -1)
  for (const part of file.split('/')) {
    if (part === '..') parts.pop()
    else if (part !== '.') parts.push(part)
  }
  return parts.join('/')
}

/** The bundled URL of a picture a document names (relative to it, under docs/images/); null for anything else. */
export function helpImage(from: string, src: string): string | null {
  if (/^[a-z][a-z0-9+.-]*:/i.test(src) || src.startsWith('/')) return null
  return images.get(repositoryPath(from, src)) ?? null
}

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
/** The document being rendered (marked's renderer has no arguments of its own): pictures resolve against it. */
let renderingFrom = 'README.md'

/** GitHub-style heading ids (lower case, spaces to hyphens, punctuation dropped), so `#data` links work. */
const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/<[^>]+>/g, '')
    .replace(/[^\p{L}\p{N}\s-]/gu, '')
    .trim()
    .replace(/\s/g, '-')

const marked = new Marked({
  gfm: true,
  async: false,
  renderer: {
    heading({ tokens, depth }) {
      const text = this.parser.parseInline(tokens)
      return `<h${depth} id="${slug(text)}">${text}</h${depth}>\n`
    },
    // the documents are the project's own; raw HTML in them is shown as text all the same
    html({ text }) {
      return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
    },
    // bundled pictures only: nothing is loaded from outside the app
    image({ href, text }) {
      const url = helpImage(renderingFrom, href)
      return url ? `<img src="${escapeHtml(url)}" alt="${escapeHtml(text)}">` : `<span class="missing-image">[${escapeHtml(text)}]</span>`
    },
  },
})

/** The document's HTML; `from` (the document's id) is what its pictures' paths are relative to. */
export function renderMarkdown(markdown: string, from = 'README.md'): string {
  renderingFrom = from
  return marked.parse(markdown) as string
}
