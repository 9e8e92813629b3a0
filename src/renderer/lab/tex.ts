/**
 * The one place that calls KaTeX: TeX → HTML with MathML beside it (output 'htmlAndMathml', KaTeX's default:
 * screen readers read the MathML, the HTML is aria-hidden), display style. Trust is given to \htmlData only
 * (the Lab's symbol links, lab/formulas.ts); every other non-LaTeX input is an error, so a mistake in a formula
 * shows as KaTeX's red error text instead of passing silently.
 */
import katex from 'katex'

export function renderTex(tex: string): string {
  return katex.renderToString(tex, {
    displayMode: true,
    output: 'htmlAndMathml',
    throwOnError: false,
    trust: (context) => context.command === '\\htmlData',
    strict: (code: string) => (code === 'htmlExtension' ? 'ignore' : 'error'),
  })
}

/** Whether the TeX parses (for tests: every formula of every network must). */
export function texProblem(tex: string): string | null {
  try {
    katex.renderToString(tex, { throwOnError: true, trust: (c) => c.command === '\\htmlData', strict: (code: string) => (code === 'htmlExtension' ? 'ignore' : 'error') })
    return null
  } catch (e) {
    return (e as Error).message
  }
}
