// NETtalk corpus: dictionary import problems with line numbers, duplicates, word lists, splits.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { NETTALK_DIR } from '../../helpers/nettalk-corpus.js'
import { CorpusError, importDictionary, parseDictionary, parseWordList, randomSplit, splitByWords } from '../../../src/core/nettalk/index.js'

const CORPUS = NETTALK_DIR

describe('parseDictionary', () => {
  const text = [
    'aback\txb@k-\t0>1<<\t0',
    'abacus\t@bxkxs\t1<0>0<\t0 ', //                trailing space in the class, as in the real file
    '',
    'abaft\txb@ft\t0>1<\t0', //                    4 stress marks for 5 letters
    'abalone\t@bxloni\t2<0>1>0', //                3 fields
    'Abbot\t@bxt-\t1<0<<\t0', //                   upper-case letter
    'abbess\t@bEsqs\t1<0>><\t0', //                unknown phoneme q
    'abbey\t@bi--\t1<0<3\t0', //                   unknown stress mark
    'abbot\t@bxt-\t1<0<<\t7', //                   bad class
    'aback\tab@k-\t0>1<<\t1', //                   duplicate of line 1
  ].join('\r\n')

  it('reports every bad line with its line number and keeps the good ones', () => {
    const r = parseDictionary(text)
    expect(r.entries.map((e) => [e.word, e.line])).toEqual([
      ['aback', 1],
      ['abacus', 2],
    ])
    expect(r.entries[1]).toEqual({ word: 'abacus', phonemes: '@bxkxs', stress: '1<0>0<', wordClass: 0, line: 2 })
    expect(r.problems).toEqual([
      { line: 4, problem: '"abaft" has 5 letters but 5 phonemes and 4 stress marks (each letter needs one of each)' },
      { line: 5, problem: 'expected 4 tab-separated fields (word, phonemes, stress, class), got 3' },
      { line: 6, problem: 'unknown letter (words are lower-case a–z) "A" at position 1 of "Abbot"' },
      { line: 7, problem: 'unknown phoneme "q" at position 5 of "@bEsqs"' },
      { line: 8, problem: 'unknown stress mark (known: <>012) "3" at position 5 of "1<0<3"' },
      { line: 9, problem: 'expected the class 0, 1 or 2, got "7"' },
    ])
    expect(r.truncated).toBe(false)
  })

  it('keeps the first pronunciation of a duplicate by default, every one on request', () => {
    const first = parseDictionary(text)
    expect(first.duplicates).toEqual([{ word: 'aback', line: 10, firstLine: 1 }])
    expect(first.entries.find((e) => e.word === 'aback')!.phonemes).toBe('xb@k-')
    const all = parseDictionary(text, { duplicates: 'all' })
    expect(all.entries.filter((e) => e.word === 'aback').map((e) => e.phonemes)).toEqual(['xb@k-', 'ab@k-'])
    expect(all.duplicates).toEqual(first.duplicates)
  })

  it('importDictionary throws a CorpusError naming the lines', () => {
    expect(() => importDictionary(text)).toThrow(CorpusError)
    try {
      importDictionary(text)
    } catch (e) {
      expect((e as CorpusError).problems).toHaveLength(6)
      expect((e as CorpusError).message).toMatch(/^line 4: "abaft" has 5 letters/)
      expect((e as CorpusError).message).toContain('(and 1 more)')
    }
    expect(() => importDictionary('\n\n')).toThrow('the dictionary has no entries')
  })

  it('reads the real corpus: 20,007 lines, 206 duplicates, 19,801 words, 145,647 letters', () => {
    const r = importDictionary(readFileSync(join(CORPUS, 'nettalk.data'), 'utf8'))
    expect(r.problems).toEqual([])
    expect(r.entries).toHaveLength(19_801)
    expect(r.duplicates).toHaveLength(206)
    expect(r.entries.reduce((n, e) => n + e.word.length, 0)).toBe(145_647)
    expect(parseDictionary(readFileSync(join(CORPUS, 'nettalk.data'), 'utf8'), { duplicates: 'all' }).entries).toHaveLength(20_007)
  })
})

describe('parseWordList', () => {
  it('reads the Lisp list after a note (whose parentheses are not the list)', () => {
    const r = parseWordList('Note (by someone):\nthe list\n****\n(THE OF\n AND to)\n')
    expect(r).toEqual({ words: ['the', 'of', 'and', 'to'], problems: [], repeated: [] })
  })

  it('reads plain lists with comments and reports bad and repeated words with line numbers', () => {
    const r = parseWordList("# common words\nthe, of\nand it's\nthe\n")
    expect(r.words).toEqual(['the', 'of', 'and'])
    expect(r.problems).toEqual([{ line: 3, problem: `unknown symbol "'" in the word "it's" (words are letters a–z)` }])
    expect(r.repeated).toEqual([{ word: 'the', line: 4 }])
  })

  it('reports a list that is never closed', () => {
    expect(parseWordList('(THE OF\nAND').problems).toEqual([{ line: 2, problem: 'the list opened at line 1 is not closed with ")"' }])
  })

  it('reads nettalk.list: 1,000 words, all in the dictionary, 5,438 letters', () => {
    const dict = importDictionary(readFileSync(join(CORPUS, 'nettalk.data'), 'utf8')).entries
    const list = parseWordList(readFileSync(join(CORPUS, 'nettalk.list'), 'utf8'))
    expect(list.problems).toEqual([])
    expect(list.words).toHaveLength(1000)
    expect(list.words.slice(0, 4)).toEqual(['the', 'of', 'and', 'to'])
    const split = splitByWords(dict, list.words)
    expect(split.missing).toEqual([])
    expect(split.selected.reduce((n, e) => n + e.word.length, 0)).toBe(5438)
    expect(split.rest).toHaveLength(18_801)
  })
})

describe('splits', () => {
  const entries = parseDictionary(['a\ta\t1\t0', 'be\tbi\t>1\t0', 'cab\tk@b\t>1<\t0', 'dab\td@b\t>1<\t0', 'ebb\tEb-\t1<<\t0', 'cab\tkAb\t>1<\t0'].join('\n'), { duplicates: 'all' }).entries

  it('splitByWords takes every pronunciation of the listed words, in list order, and names missing ones', () => {
    const s = splitByWords(entries, ['dab', 'cab', 'zoo'])
    expect(s.selected.map((e) => `${e.word}/${e.phonemes}`)).toEqual(['dab/d@b', 'cab/k@b', 'cab/kAb'])
    expect(s.rest.map((e) => e.word)).toEqual(['a', 'be', 'ebb'])
    expect(s.missing).toEqual(['zoo'])
  })

  it('randomSplit is seeded, disjoint, complete and of the asked size', () => {
    const a = randomSplit(entries, 3, 11)
    expect(a).toEqual(randomSplit(entries, 3, 11))
    expect(a.selected).toHaveLength(3)
    expect([...a.selected, ...a.rest].map((e) => e.line).sort()).toEqual(entries.map((e) => e.line).sort())
    const seeds = Array.from({ length: 10 }, (_, seed) => randomSplit(entries, 3, seed).selected.map((e) => e.line).join())
    expect(new Set(seeds).size).toBeGreaterThan(1)
    expect(randomSplit(entries, 0, 1).selected).toEqual([])
    expect(() => randomSplit(entries, 7, 1)).toThrow('expected a whole number from 0 to 6')
  })
})
