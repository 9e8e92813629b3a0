// No hard-coded user-visible text in the window's templates: every text node and every static aria-label,
// title, placeholder or alt of src/renderer/**/*.vue is translated ({{ t('…') }}, :title="t('…')"); text inside
// interpolations and those bound attributes has no English string literal either. Symbols, numbers and units
// may stay (the notes' formulas are the same in every language). The check itself is tested on samples below,
// so that it cannot pass by finding nothing.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse as parseSfc } from '@vue/compiler-sfc'
import { NodeTypes, type AttributeNode, type DirectiveNode, type ElementNode, type TemplateChildNode, type SimpleExpressionNode } from '@vue/compiler-dom'

const RENDERER = join(import.meta.dirname, '../src/renderer')
/** Attributes people read (or hear: screen readers) in a language. */
const TEXT_ATTRIBUTES = new Set(['aria-label', 'title', 'placeholder', 'alt', 'aria-description', 'aria-roledescription', 'aria-valuetext', 'label'])
/** Words allowed as they are in every language: units, file formats, product and symbol names. */
const ALLOWED_WORDS = new Set(['ms', 'px', 'CSV', 'JSON', 'NPZ', 'ONNX', 'WAV', 'NETtalk', 'RNN', 'Workbench', 'tanh', 'sigmoid', 'ReLU', 'relu', 'TypeScript', 'id', 'max', 'min', 'ln', 'exp', 'log', 'Esc', 'Ctrl', 'Shift', 'Enter'])

/** Whether a piece of text contains a word a person would read (two letters or more, not an allowed one). */
export function hasWords(text: string): boolean {
  return (text.match(/\p{L}{2,}/gu) ?? []).some((word) => !ALLOWED_WORDS.has(word))
}

/** String literals in an expression that read as text: words with a space, or a capitalized word ('Stop');
 *  not a t('key') argument, nor a lowercase token (a CSS class, an id, a mode name). */
function textLiterals(expression: string): string[] {
  // the ${…} of template literals are code, not text (innermost first, for nested ones)
  let code = expression
  for (let before = ''; before !== code; ) [before, code] = [code, code.replace(/\$\{[^{}]*\}/g, '')]
  const withoutKeys = code.replace(/\b(?:t|tr|\$t|te)\(\s*(['"`])[^'"`]*\1/g, '')
  return [...withoutKeys.matchAll(/(['"`])((?:\\.|(?!\1).)*)\1/g)]
    .map((m) => m[2])
    .filter((s) => hasWords(s) && (/\s/.test(s.trim()) || /^\p{Lu}\p{Ll}/u.test(s.trim())))
}

/** The hard-coded texts of one SFC's template, as "line: text". */
export function hardCodedTexts(source: string): string[] {
  const { descriptor } = parseSfc(source)
  if (!descriptor.template?.ast) return []
  const found: string[] = []
  const report = (line: number, what: string) => found.push(`${line}: ${what.trim().replace(/\s+/g, ' ')}`)
  const visit = (node: TemplateChildNode) => {
    if (node.type === NodeTypes.TEXT && hasWords(node.content)) report(node.loc.start.line, node.content)
    if (node.type === NodeTypes.INTERPOLATION) {
      const content = (node.content as SimpleExpressionNode).content ?? node.loc.source
      for (const literal of textLiterals(content)) report(node.loc.start.line, literal)
    }
    if (node.type === NodeTypes.ELEMENT) {
      const element = node as ElementNode
      for (const prop of element.props) {
        if (prop.type === NodeTypes.ATTRIBUTE) {
          const attribute = prop as AttributeNode
          if (TEXT_ATTRIBUTES.has(attribute.name) && attribute.value && hasWords(attribute.value.content)) report(attribute.loc.start.line, `${attribute.name}="${attribute.value.content}"`)
        } else if (prop.type === NodeTypes.DIRECTIVE) {
          const directive = prop as DirectiveNode
          const arg = directive.arg?.type === NodeTypes.SIMPLE_EXPRESSION ? directive.arg.content : null
          if (directive.name === 'bind' && arg && TEXT_ATTRIBUTES.has(arg) && directive.exp) {
            for (const literal of textLiterals(directive.exp.loc.source)) report(directive.loc.start.line, `:${arg}: ${literal}`)
          }
        }
      }
    }
    if ('children' in node && Array.isArray(node.children)) for (const child of node.children as TemplateChildNode[]) visit(child)
  }
  for (const child of descriptor.template.ast.children) visit(child as TemplateChildNode)
  return found
}

function vueFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? vueFiles(path) : name.endsWith('.vue') ? [path] : []
  })
}

/** Components still to convert (each commit that converts one removes it from here). */
const NOT_YET_TRANSLATED = new Set<string>([
])

describe('the check itself', () => {
  it('catches hard-coded text nodes, attributes and literals in interpolations and bound attributes', () => {
    const sample = `<template>
  <section aria-label="Training settings">
    <h2>Training</h2>
    <button :title="running ? 'Stop the run' : t('runs.train')">{{ running ? 'Stop' : t('runs.train') }}</button>
    <input placeholder="Type a word" />
    <button :aria-label="\`Remove layer \${r}\`">×</button>
  </section>
</template>`
    expect(hardCodedTexts(sample)).toEqual(['2: aria-label="Training settings"', '3: Training', '4: :title: Stop the run', '4: Stop', '5: placeholder="Type a word"', '6: :aria-label: Remove layer'])
  })

  it('lets translated text, symbols, numbers and units through', () => {
    const sample = `<template>
  <section :aria-label="t('settings.title')">
    <h2>{{ t('settings.title') }}</h2>
    <span>c = {{ rate }}</span> <span>n<sub>r</sub></span> <span>×</span> <span>{{ ms }} ms</span> <span>E(t)</span>
    <input :placeholder="String(10)" :title="t('a.b', { n: 'x' })" />
    <span :class="running ? 'is-running' : 'idle'">{{ value.toFixed(3) }}</span>
    <span :aria-label="\`\${c.symbol} (\${c.countLabel})\`">{{ \`\${n}×\${m}\` }}</span>
  </section>
</template>`
    expect(hardCodedTexts(sample)).toEqual([])
  })
})

describe('the window', () => {
  const files = vueFiles(RENDERER).map((f) => relative(RENDERER, f).replace(/\\/g, '/'))

  it('finds the components', () => {
    expect(files.length).toBeGreaterThan(20)
  })

  for (const file of files) {
    it.skipIf(NOT_YET_TRANSLATED.has(file))(`${file}: no hard-coded text in the template`, () => {
      expect(hardCodedTexts(readFileSync(join(RENDERER, file), 'utf8'))).toEqual([])
    })
  }
})
