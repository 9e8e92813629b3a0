// Data import and export: CSV and JSON read into checked project data, written back exactly, and bad files
// refused with the line (CSV) or JSON path of every problem.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  DataImportError,
  MAX_IMPORT_PROBLEMS,
  datasetToCsv,
  datasetToJson,
  parseCsvDataset,
  parseJsonDataset,
  readCsvHeader,
  type DataImportProblem,
  type DataSets,
} from '../../src/shared/data-io.js'
import { LIMITS, parseProject } from '../../src/shared/project-file.js'
import { EXAMPLES_DIR, exampleWithData, inlineExampleFile } from '../helpers/projects.js'

function problemsOf(read: () => unknown): DataImportProblem[] {
  try {
    read()
  } catch (e) {
    expect(e).toBeInstanceOf(DataImportError)
    return (e as DataImportError).problems
  }
  throw new Error('expected the text to be refused')
}
const csvProblems = (text: string, options?: Parameters<typeof parseCsvDataset>[1]) => problemsOf(() => parseCsvDataset(text, options))
const jsonProblems = (text: string, options?: Parameters<typeof parseJsonDataset>[1]) => problemsOf(() => parseJsonDataset(text, options))

/** Awkward doubles: shortest round-trip texts of every kind, subnormals, extremes and −0. */
const AWKWARD = [0.1, 1 / 3, -0, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, -123456789.12345679, 1e21, 1.5e-7, 0.30000000000000004, 2 ** 53 + 2]

const sample: DataSets = {
  inputSize: 2,
  outputSize: 2,
  train: [
    { u: [[0, 1], [1, 0], [1, 1]], z: [null, [0, 1], [1, 0]] },
    { u: [[AWKWARD[0], AWKWARD[1]], [AWKWARD[2], AWKWARD[3]]], z: [[AWKWARD[4], AWKWARD[5]], [AWKWARD[6], AWKWARD[7]]] },
    { u: [[AWKWARD[8], AWKWARD[9]]], z: [[AWKWARD[10], -0]] },
  ],
  validation: [{ u: [[1, 0]], z: [null] }, { u: [[0, 0], [0, 1]], z: [[1, 1], null] }],
}

describe('CSV round trips', () => {
  it('data → CSV → data is exact for finite doubles, −0 included, and CSV → data → CSV gives the same text', () => {
    const csv = datasetToCsv(sample)
    const back = parseCsvDataset(csv).data
    expect(back).toEqual({ kind: 'inline', ...sample }) // toEqual tells −0 from 0
    expect(Object.is(back.train[1].u[1][0], -0)).toBe(true)
    expect(back.train[1].u[0][1]).toBe(1 / 3)
    expect(datasetToCsv(back)).toBe(csv)
    expect(parseCsvDataset(datasetToCsv(back)).data).toEqual(back)
  })

  it('writes the documented layout: header, ids from 1, the set column only with validation data, empty targets', () => {
    expect(datasetToCsv(sample).split('\n').slice(0, 5)).toEqual(['sequence,set,u1,u2,z1,z2', '1,train,0,1,,', '1,train,1,0,0,1', '1,train,1,1,1,0', '2,train,0.1,0.3333333333333333,2.2250738585072014e-308,1.7976931348623157e+308'])
    const csv = datasetToCsv({ inputSize: 1, outputSize: 1, train: [{ u: [[1], [0]], z: [[1], null] }] }, { newline: '\r\n' })
    expect(csv).toBe('sequence,u1,z1\r\n1,1,1\r\n1,0,\r\n')
    expect(parseCsvDataset(csv).data.train).toEqual([{ u: [[1], [0]], z: [[1], null] }])
  })

  it('round-trips the data of every bundled example', async () => {
    for (const name of ['binary-addition', 'delayed-recall', 'lecture-minimal', 'sine']) {
      const project = await exampleWithData(name)
      const { data } = parseCsvDataset(datasetToCsv(project.data))
      expect(data, name).toEqual(project.data.validation?.length === 0 ? { ...project.data, validation: undefined } : project.data)
      expect(parseJsonDataset(datasetToJson(project.data)).data, name).toEqual(data)
    }
  })

  it('refuses to write what it could not read back', () => {
    expect(() => datasetToCsv({ inputSize: 1, outputSize: 1, train: [{ u: [[NaN]], z: [null] }] })).toThrow(/train\[0\]\.u\[0\]\[0\]: expected a finite number/)
    expect(() => datasetToCsv({ inputSize: 2, outputSize: 1, train: [{ u: [[1]], z: [null] }] })).toThrow(/train\[0\]\.u\[0\]: expected 2 inputs/)
    expect(() => datasetToCsv({ inputSize: 1, outputSize: 1, train: [{ u: [[1]], z: [] }] })).toThrow(/train\[0\]: u has 1 steps but z has 0/)
    expect(() => datasetToCsv({ inputSize: 1, outputSize: 1, train: [{ u: [], z: [] }] })).toThrow(/train\[0\]\.u: a sequence needs at least one step/)
  })
})

describe('CSV reading', () => {
  it('follows RFC 4180 quoting and takes CRLF, LF and CR line breaks, a byte-order mark and blank lines', () => {
    const text =
      '\uFEFF"sequence","u1",z1\r\n' +
      '"a, the ""first""",1,0\r\n' +
      '"a, the ""first""", 0.5 ,"1"\r\n' +
      '\r\n' +
      '"b\r\non two lines",0,\n' +
      'c,1,1\r' +
      'c,0,0'
    const { data } = parseCsvDataset(text)
    expect(data.train).toEqual([
      { u: [[1], [0.5]], z: [[0], [1]] },
      { u: [[0]], z: [null] },
      { u: [[1], [0]], z: [[1], [0]] },
    ])
    expect(readCsvHeader(text)).toEqual(['sequence', 'u1', 'z1'])
    // line numbers count the physical lines, a quoted line break included
    expect(csvProblems(text + '\nd,x,1')).toEqual([{ line: 9, column: 'u1', message: 'expected a number, got "x"' }])
  })

  it('reads an empty target in every target column as "no target at this step"', () => {
    const { data } = parseCsvDataset('sequence,u1,z1,z2\ns,1,,\ns,0, , \ns,1,2,3\n')
    expect(data.train[0].z).toEqual([null, null, [2, 3]])
  })

  it('refuses a row with some but not all target cells empty', () => {
    expect(csvProblems('sequence,u1,z1,z2,z3\ns,1,1,,\n')).toEqual([
      { line: 2, column: 'z2', message: 'targets z2, z3 empty but z1 not: leave every target cell empty for a step without a target, or fill them all' },
    ])
  })

  it('splits training and validation sequences by the set column (empty = train)', () => {
    const { data, notes } = parseCsvDataset('sequence,set,u1,z1\nv,validation,1,1\nt,,0,0\nt,train,1,1\nv,Validation,0,0\n')
    expect(data.train).toEqual([{ u: [[0], [1]], z: [[0], [1]] }])
    expect(data.validation).toEqual([{ u: [[1], [0]], z: [[1], [0]] }])
    expect(notes.join(' ')).toMatch(/not consecutive \(the first: "v" continues at line 5\)/)
    expect(parseCsvDataset('sequence,set,u1,z1\nt,train,1,1\n').data).not.toHaveProperty('validation')
  })

  it('groups rows by sequence id in order of first appearance, keeping file order within a sequence, with a note', () => {
    const { data, notes } = parseCsvDataset('sequence,u1,z1\nb,1,1\na,0,0\nb,0,1\na,1,0\nc,1,1\n')
    expect(data.train).toEqual([
      { u: [[1], [0]], z: [[1], [1]] },
      { u: [[0], [1]], z: [[0], [0]] },
      { u: [[1]], z: [[1]] },
    ])
    expect(notes).toEqual(['2 sequences have rows that are not consecutive (the first: "b" continues at line 4); each sequence\'s rows were joined in file order.'])
    expect(parseCsvDataset('sequence,u1,z1\nb,1,1\nb,0,0\na,1,1\n').notes).toEqual([])
  })

  it('takes the input and target columns the caller chooses, in the order given, and skips ignored columns', () => {
    const text = 'id,time,x,y,out,comment\nA,0,1,0,1,hello\nA,1,0,1,,\n'
    const { data } = parseCsvDataset(text, { sequenceColumn: 'id', inputs: ['y', 'x'], targets: ['out'], ignore: ['time', 'comment'] })
    expect(data).toEqual({ kind: 'inline', inputSize: 2, outputSize: 1, train: [{ u: [[0, 1], [1, 0]], z: [[1], null] }] })
    expect(csvProblems(text, { sequenceColumn: 'id', inputs: ['y', 'x', 'w'], targets: ['out'], ignore: ['time'] })).toEqual([
      { line: 1, column: 'w', message: 'missing input column "w"' },
      { line: 1, column: 'comment', message: 'unknown column "comment"' },
    ])
    expect(csvProblems(text, { sequenceColumn: 'id', inputs: ['x', 'y'], targets: ['x'], ignore: ['time', 'comment'] })).toEqual([
      { line: 1, column: 'x', message: 'column "x" is chosen as input x and as target x' },
      { line: 1, column: 'out', message: 'unknown column "out"' },
    ])
  })

  it('notes inputs outside {0, 1}, with where the first one is, and says nothing for binary inputs', () => {
    const { notes } = parseCsvDataset('sequence,u1,u2,z1\na,0,1,0\na,1,0.25,1\nb,-3,0,1\n')
    expect(notes).toEqual(['2 of 6 input values are not 0 or 1 (the first at line 3, column u2: 0.25). The lecture assumes binary inputs; other finite numbers are allowed.'])
    expect(parseCsvDataset('sequence,u1,z1\na,0,0.5\na,1,7\n').notes).toEqual([])
  })

  it('notes sequences without any target', () => {
    const { notes } = parseCsvDataset('sequence,u1,z1\na,0,\na,1,\nb,1,1\n')
    expect(notes).toEqual(['One sequence has no target at any step (the first: sequence "a" (line 2)); it adds nothing to the error E.'])
  })
})

describe('CSV errors, each with its line', () => {
  const cases: [string, string, DataImportProblem[]][] = [
    ['an empty file', '', [{ line: 1, message: 'the file is empty: expected a header row and one row per step' }]],
    ['a file of blank lines', '\n  \r\n\n', [{ line: 1, message: 'the file is empty: expected a header row and one row per step' }]],
    ['a header without rows', 'sequence,u1,z1\n', [{ line: 1, message: 'no data: expected one row per step after the header' }]],
    ['only validation sequences', 'sequence,set,u1,z1\na,validation,1,1\n', [{ line: 1, message: 'no training sequences: every row is in the validation set' }]],
    ['a missing sequence column', 'u1,z1\n1,1\n', [{ line: 1, message: 'missing column "sequence": every row needs the id of the sequence it belongs to' }]],
    ['no target columns', 'sequence,u1\na,1\n', [{ line: 1, message: 'no target columns: name them z1, z2, … (or choose the target columns)' }]],
    ['a gap in the input columns', 'sequence,u1,u3,z1\na,1,1,1\n', [{ line: 1, column: 'u2', message: 'missing column u2: inputs are numbered u1..u3 without gaps' }]],
    [
      'an unknown column',
      'sequence,u1,z1,time\na,1,1,0\n',
      [{ line: 1, column: 'time', message: 'unknown column "time": the columns are "sequence", "set" (optional), u1, u2, … and z1, z2, …' }],
    ],
    [
      'columns numbered from 0',
      'sequence,u0,u1,z1\na,1,1,1\n',
      [{ line: 1, column: 'u0', message: 'unknown column "u0": inputs and targets are numbered from 1 (u1, z1)' }],
    ],
    ['a column twice', 'sequence,u1,z1,u1\na,1,1,1\n', [{ line: 1, column: 'u1', message: 'column "u1" appears twice in the header (columns 2 and 4)' }]],
    [
      'semicolons',
      'sequence;u1;z1\na;1;1\n',
      [
        { line: 1, message: 'missing column "sequence": every row needs the id of the sequence it belongs to' },
        { line: 1, message: 'no input columns: name them u1, u2, … (or choose the input columns)' },
        { line: 1, message: 'no target columns: name them z1, z2, … (or choose the target columns)' },
        { line: 1, column: 'sequence;u1;z1', message: 'unknown column "sequence;u1;z1": the columns are "sequence", "set" (optional), u1, u2, … and z1, z2, …' },
        { line: 1, message: 'the header has a single column: columns must be separated by commas' },
      ],
    ],
    ['a non-numeric cell', 'sequence,u1,z1\na,1,1\na,one,1\n', [{ line: 3, column: 'u1', message: 'expected a number, got "one"' }]],
    ['a hexadecimal cell', 'sequence,u1,z1\na,0x1,1\n', [{ line: 2, column: 'u1', message: 'expected a number, got "0x1"' }]],
    ['an empty input cell', 'sequence,u1,z1\na,,1\n', [{ line: 2, column: 'u1', message: 'empty cell: expected a number' }]],
    [
      'non-finite cells',
      'sequence,u1,u2,z1\na,NaN,-Infinity,1e400\n',
      [
        { line: 2, column: 'u1', message: 'expected a finite number, got "NaN"' },
        { line: 2, column: 'u2', message: 'expected a finite number, got "-Infinity"' },
        { line: 2, column: 'z1', message: 'expected a finite number: 1e400 is too large for a double' },
      ],
    ],
    ['a ragged row', 'sequence,u1,z1\na,1,1\na,1\na,1,1,1\n', [{ line: 3, message: 'the row has 2 fields but the header has 3' }, { line: 4, message: 'the row has 4 fields but the header has 3' }]],
    [
      'an unterminated quote',
      'sequence,u1,z1\na,1,1\n"b,1,1\nb,0,0\n',
      [{ line: 3, column: 'sequence', message: 'unterminated quote: a quoted field starts here and is never closed (a quote inside a quoted field is written "")' }],
    ],
    ['text after a closing quote', 'sequence,u1,z1\n"a"b,1,1\n', [{ line: 2, column: 'sequence', message: 'text after a closing quote: "b" (a quote inside a quoted field is written "")' }]],
    ['an empty sequence id', 'sequence,u1,z1\n ,1,1\n', [{ line: 2, column: 'sequence', message: 'empty sequence id: every row needs the id of the sequence it belongs to' }]],
    ['a bad set', 'sequence,set,u1,z1\na,test,1,1\n', [{ line: 2, column: 'set', message: 'expected "train", "validation" or empty (train), got "test"' }]],
    [
      'a sequence in both sets',
      'sequence,set,u1,z1\na,train,1,1\na,validation,1,1\n',
      [{ line: 3, column: 'set', message: 'sequence "a" is in the training set (line 2) but this row puts it in the validation set' }],
    ],
  ]
  for (const [what, text, expected] of cases) {
    it(`refuses ${what}`, () => {
      expect(csvProblems(text)).toEqual(expected)
    })
  }

  it('reports every bad row, in file order, and the message lists the first ones', () => {
    const text = 'sequence,u1,z1\na,1,1\na,x,1\nb,1\nb,1,\nc,1,y\n'
    let error: DataImportError | undefined
    try {
      parseCsvDataset(text)
    } catch (e) {
      error = e as DataImportError
    }
    expect(error?.problems.map((p) => p.line)).toEqual([3, 4, 6])
    expect(error?.truncated).toBe(false)
    expect(error?.message).toBe('line 3, column u1: expected a number, got "x"\nline 4: the row has 2 fields but the header has 3\nline 6, column z1: expected a number, got "y"')
  })

  it(`stops after ${MAX_IMPORT_PROBLEMS} problems and says so`, () => {
    const rows = Array.from({ length: 200 }, (_, i) => `s,${i % 2 ? 'x' : '1'},1`)
    let error: DataImportError | undefined
    try {
      parseCsvDataset(['sequence,u1,z1', ...rows].join('\n'))
    } catch (e) {
      error = e as DataImportError
    }
    expect(error).toBeInstanceOf(DataImportError)
    expect(error!.problems).toHaveLength(MAX_IMPORT_PROBLEMS)
    expect(error!.problems[0].line).toBe(3)
    expect(error!.problems[MAX_IMPORT_PROBLEMS - 1].line).toBe(1 + 2 * MAX_IMPORT_PROBLEMS)
    expect(error!.truncated).toBe(true)
    expect(error!.message).toMatch(/\(and 45 more\)\n\(reading stopped after 50 problems\)$/)
    // exactly the cap is not truncated
    const exact = csvProblems(['sequence,u1,z1', ...rows.slice(0, 2 * MAX_IMPORT_PROBLEMS)].join('\n'))
    expect(exact).toHaveLength(MAX_IMPORT_PROBLEMS)
  })
})

describe('size limits', () => {
  it('refuses too many values, sequences or steps, at the line that crosses the limit', () => {
    const text = 'sequence,u1,u2,z1\na,1,1,1\na,1,1,1\nb,1,1,1\nc,1,1,1\n'
    expect(csvProblems(text, { limits: { dataValues: 9 } })).toEqual([
      { line: 5, message: 'too much data: more than 9 values (steps × (inputs + targets)) by this row; the limit is 9' },
    ])
    expect(csvProblems(text, { limits: { sequences: 2 } })).toEqual([
      { line: 5, column: 'sequence', message: 'too many training sequences: more than 2; the limit is 2' },
    ])
    expect(csvProblems(text, { limits: { steps: 1 } })).toEqual([{ line: 3, column: 'sequence', message: 'sequence "a" is too long: more than 1 steps; the limit is 1' }])
    expect(csvProblems('sequence,u1,u2,z1\na,1,1,1\n', { limits: { units: 1 } })).toEqual([{ line: 1, message: 'more than 1 input columns; the limit is 1' }])
    expect(parseCsvDataset(text, { limits: { dataValues: 12, sequences: 3, steps: 2 } }).data.train).toHaveLength(3)
  })

  it(`refuses a file over the real limit of ${LIMITS.dataValues} values without reading all of it`, () => {
    // 50 inputs + 1 target per row: the limit falls in row 98 040
    const m = 50
    const rowsNeeded = Math.floor(LIMITS.dataValues / (m + 1)) + 1
    const row = 's,' + '0,'.repeat(m) + '1\n'
    const text = 'sequence,' + Array.from({ length: m }, (_, i) => `u${i + 1},`).join('') + 'z1\n' + row.repeat(rowsNeeded + 1000)
    const problems = csvProblems(text)
    expect(problems).toEqual([{ line: rowsNeeded + 1, message: `too much data: more than ${LIMITS.dataValues} values (steps × (inputs + targets)) by this row; the limit is ${LIMITS.dataValues}` }])
    const json = JSON.stringify({ inputSize: 1, outputSize: 1, train: [{ u: Array(LIMITS.dataValues / 2 + 1).fill([0]), z: [] }] })
    expect(jsonProblems(json)).toEqual([{ path: '', message: `too much data: ${LIMITS.dataValues + 2} values (steps × (inputSize + outputSize)); the limit is ${LIMITS.dataValues}` }])
  })

  it('holds JSON to the sequence and step limits', () => {
    const seq = { u: [[0], [1]], z: [null, [1]] }
    expect(jsonProblems(JSON.stringify({ inputSize: 1, outputSize: 1, train: [seq, seq, seq] }), { limits: { sequences: 2 } })).toEqual([
      { path: 'train', message: 'too many training sequences: 3; the limit is 2' },
    ])
    expect(jsonProblems(JSON.stringify({ inputSize: 1, outputSize: 1, train: [seq], validation: [seq] }), { limits: { steps: 1 } })).toEqual([
      { path: 'train[0].u', message: 'too long: 2 steps; the limit is 1' },
    ])
  })
})

describe('JSON', () => {
  it('reads a project-style data object, with or without kind, and a whole project file', async () => {
    const plain = { inputSize: 1, outputSize: 1, train: [{ u: [[1], [0]], z: [null, [1]] }], validation: [{ u: [[0]], z: [[0]] }] }
    expect(parseJsonDataset(JSON.stringify(plain))).toEqual({ data: { kind: 'inline', ...plain }, notes: [] })
    expect(parseJsonDataset(JSON.stringify({ kind: 'inline', ...plain })).data).toEqual({ kind: 'inline', ...plain })
    expect(parseJsonDataset(JSON.stringify({ ...plain, validation: [] })).data).not.toHaveProperty('validation')
    const project = JSON.stringify(await inlineExampleFile('delayed-recall'))
    const fromProject = parseJsonDataset(project)
    expect(fromProject.data).toEqual(parseProject(project).data)
    expect(fromProject.notes[0]).toBe('This is a project file: its data was read.')
    // a project whose data is a script has no data to read
    const scripted = readFileSync(join(EXAMPLES_DIR, 'delayed-recall.rnn.json'), 'utf8')
    expect(() => parseJsonDataset(scripted)).toThrow(/^data: this project makes its data with a script/)
  })

  it('writes JSON that reads back exactly', () => {
    const text = datasetToJson(sample)
    expect(parseJsonDataset(text).data).toEqual({ kind: 'inline', ...sample })
    expect(text.split('\n').slice(0, 5)).toEqual(['{', '  "inputSize": 2,', '  "outputSize": 2,', '  "train": [', '    { "u": [[0, 1], [1, 0], [1, 1]], "z": [null, [0, 1], [1, 0]] },'])
  })

  it('names the JSON path of every problem', () => {
    const bad = {
      inputSize: 2,
      outputSize: 0,
      extra: true,
      train: [
        { u: [[0, 1], [1]], z: [null, [1]] },
        { u: [[0, 'a']], z: [[1], [2]], w: 1 },
        { u: [], z: [] },
        'x',
      ],
      validation: { u: [] },
    }
    expect(jsonProblems(JSON.stringify(bad))).toEqual([
      { path: 'extra', message: 'unknown key "extra" (expected inputSize, outputSize, train and validation)' },
      { path: 'outputSize', message: 'expected a whole number 1..100000, got 0' },
      { path: 'validation', message: 'expected a list of sequences { u, z }, got {"u":[]}' },
      { path: 'train[0].u[1]', message: 'expected 2 inputs, got 1' },
      { path: 'train[1].w', message: 'unknown key "w" (a sequence has u and z)' },
      { path: 'train[1].z', message: 'u has 1 steps but z has 2' },
      { path: 'train[1].u[0][1]', message: 'expected a number, got "a"' },
      { path: 'train[2].u', message: 'a sequence needs at least one step' },
      { path: 'train[3]', message: 'expected a sequence { u, z }, got "x"' },
    ])
    expect(jsonProblems('{"inputSize": 1, "outputSize": 1, "train": [{"u": [[1e999]], "z": [[1, 2]]}]}')).toEqual([
      { path: 'train[0].u[0][0]', message: 'expected a finite number: the number is too large for a double' },
      { path: 'train[0].z[0]', message: 'expected 1 target (or null for no target), got 2' },
    ])
    expect(jsonProblems('{"outputSize": 1, "train": []}')).toEqual([
      { path: 'inputSize', message: 'missing: expected a whole number 1..100000' },
      { path: 'train', message: 'expected at least one sequence' },
    ])
    expect(jsonProblems('[1, 2]')).toEqual([{ path: '', message: 'expected an object { inputSize, outputSize, train, validation? }' }])
  })

  it('gives the line of a JSON syntax error', () => {
    const [problem] = jsonProblems('{\n  "inputSize": 1,\n  "outputSize": 1,\n}')
    expect(problem.path).toBe('')
    expect(problem.line).toBe(4)
    expect(problem.message).toMatch(/^not valid JSON/)
  })

  it('notes inputs outside {0, 1} by path', () => {
    const { notes } = parseJsonDataset(JSON.stringify({ inputSize: 1, outputSize: 1, train: [{ u: [[0], [1]], z: [[0], [1]] }], validation: [{ u: [[2]], z: [[1]] }] }))
    expect(notes).toEqual(['1 of 3 input values are not 0 or 1 (the first at validation[0].u[0][0]: 2). The lecture assumes binary inputs; other finite numbers are allowed.'])
  })

  it('stops after the cap on problems', () => {
    const u = Array.from({ length: 100 }, () => ['x'])
    let error: DataImportError | undefined
    try {
      parseJsonDataset(JSON.stringify({ inputSize: 1, outputSize: 1, train: [{ u, z: u.map(() => null) }] }))
    } catch (e) {
      error = e as DataImportError
    }
    expect(error!.problems).toHaveLength(MAX_IMPORT_PROBLEMS)
    expect(error!.problems[MAX_IMPORT_PROBLEMS - 1].path).toBe(`train[0].u[${MAX_IMPORT_PROBLEMS - 1}][0]`)
    expect(error!.truncated).toBe(true)
  })
})
