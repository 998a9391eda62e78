import { spawnSync } from 'node:child_process'

/** A file with one function of `bodyLines` statements, padded with constants to `totalLines` lines. */
function source(bodyLines: number, totalLines = 0, comments = 0): string {
  const body = Array.from({ length: bodyLines }, (_, i) => `  total += ${i}`)
  const notes = Array.from({ length: comments }, (_, i) => `  // note ${i}`)
  const fn = ['export function long(): number {', '  let total = 0', ...notes, ...body, '  return total', '}']
  const pad = Array.from(
    { length: Math.max(0, totalLines - fn.length) },
    (_, i) => `export const c${i} = ${i}`
  )
  return [...fn, ...pad].join('\n') + '\n'
}

// ESLint runs in a plain Node process, as in CI (and faster than loading it inside Jest's module VM).
const LINT = `
import { ESLint } from 'eslint'
const cases = JSON.parse(await new Response(process.stdin).text())
const eslint = new ESLint({ cwd: process.cwd() })
const out = []
for (const { code, filePath } of cases) {
  const [result] = await eslint.lintText(code, { filePath })
  out.push(result.messages.filter((m) => m.ruleId === 'max-lines' || m.ruleId === 'max-lines-per-function')
    .map((m) => m.ruleId + ': ' + m.message))
}
console.log(JSON.stringify(out))
`

const cases: Array<{ name: string; filePath: string; code: string }> = [
  // Signature, `let`, 116 statements, `return` and the closing brace: 120 lines of code, and 30 comments.
  { name: 'src function of 120 lines', filePath: 'src/report/x.ts', code: source(116, 0, 30) },
  { name: 'src function of 121 lines', filePath: 'src/report/x.ts', code: source(117) },
  { name: 'src file of 450 lines', filePath: 'src/x.ts', code: source(10, 450) },
  { name: 'src file of 451 lines', filePath: 'src/x.ts', code: source(10, 451) },
  { name: 'tools file', filePath: 'tools/x.ts', code: source(200, 600) },
  { name: 'test file', filePath: '__tests__/x.test.ts', code: source(200, 600) }
]

let results: Record<string, string[]>
beforeAll(() => {
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', LINT], {
    cwd: process.cwd(),
    input: JSON.stringify(cases),
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '' }
  })
  if (run.status !== 0) throw new Error(`eslint failed: ${run.stderr}`)
  const out = JSON.parse(run.stdout) as string[][]
  results = Object.fromEntries(cases.map((c, i) => [c.name, out[i]]))
})

describe('size limits in eslint.config.js', () => {
  it('allow a function of 120 lines in src/, not counting comments and blank lines', () => {
    expect(results['src function of 120 lines']).toEqual([])
  })

  it('reject a function of 121 lines and a file of 451 lines in src/', () => {
    expect(results['src function of 121 lines']).toEqual([
      "max-lines-per-function: Function 'long' has too many lines (121). Maximum allowed is 120."
    ])
    expect(results['src file of 451 lines']).toEqual([
      'max-lines: File has too many lines (451). Maximum allowed is 450.'
    ])
    expect(results['src file of 450 lines']).toEqual([])
  })

  it('apply to src/ only', () => {
    expect(results['tools file']).toEqual([])
    expect(results['test file']).toEqual([])
  })
})
