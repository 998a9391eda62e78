/**
 * Organization mode's reusable workflow (.github/workflows/org-metrics.yml) and its two example callers,
 * read with GitHub's own workflow parser: they are valid, the distributed shape holds (the matrix comes
 * from the plan's output, shards never cancel each other, the report runs after failed shards), the
 * workflow passes the action only inputs it declares, and the callers pass the workflow only inputs and
 * secrets it declares.
 */
import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { INPUTS, isExpression, type InputSpec } from '../src/inputs.js'
import { parseSettings } from '../src/settings.js'
import { parseWorkflowFile, type Plain } from '../tools/docs/parse.js'

type Step = { id?: string; if?: string; uses?: string; run?: string; with?: Record<string, Plain> }
type Job = {
  if?: string
  needs?: string | string[]
  outputs?: Record<string, string>
  strategy?: { 'fail-fast'?: boolean; matrix?: Plain; 'max-parallel'?: number }
  steps?: Step[]
  uses?: string
  with?: Record<string, Plain>
  secrets?: Record<string, string>
  permissions?: Record<string, string>
}
type WorkflowInput = { type: 'string' | 'number' | 'boolean'; default?: Plain; required?: boolean }
type Workflow = {
  on: {
    workflow_call?: {
      inputs: Record<string, WorkflowInput>
      secrets: Record<string, { required?: boolean }>
    }
    workflow_dispatch?: { inputs?: Record<string, { type?: string }> } | null
    schedule?: Array<{ cron: string }>
  }
  permissions?: Record<string, string>
  concurrency?: { group?: string; 'cancel-in-progress'?: boolean }
  jobs: Record<string, Job>
}

const REUSABLE = '.github/workflows/org-metrics.yml'
const CALLERS = ['examples/org-metrics-app.yml', 'examples/org-metrics-pat.yml']
const ACTION = 'repo-metrics-report/repo-metrics-report'
const APP_TOKEN_ACTION = 'actions/create-github-app-token'

/**
 * The organization-mode inputs of ORG-SPEC.md. They must be in src/inputs.ts's table: until they are,
 * the tests that need them fail, on purpose.
 */
const ORG_INPUTS = [
  'organization',
  'repositories',
  'include-archived',
  'include-forks',
  'topics',
  'only',
  'store-layout',
  'shards',
  'shard',
  'groups-file',
  'people',
  'org-notify',
  'notification-budget',
  'read-token'
]
const ORG_MODES = ['org-plan', 'org-sync', 'org-report', 'org']

/** Workflow inputs that are the workflow's own, not passed on to the action as inputs of that name. */
const WORKFLOW_ONLY = ['app-id', 'runs-on']

function parse(path: string, text = readFileSync(path, 'utf8')): Workflow {
  const parsed = parseWorkflowFile(path, text)
  if (parsed.errors.length > 0) throw new Error(parsed.errors.join('\n'))
  return parsed.value as unknown as Workflow
}

const needsOf = (job: Job): string[] => [job.needs ?? []].flat()
const actionSteps = (job: Job): Step[] => (job.steps ?? []).filter((s) => s.uses?.startsWith(`${ACTION}@`))
const text = (value: Plain | undefined): string =>
  value === undefined || value === null ? '' : String(value)

/**
 * What is wrong with the reusable workflow's distributed shape, as messages (empty: nothing). Kept as a
 * function so the tests below can show that it catches each fault it looks for.
 */
function shapeProblems(workflow: Workflow): string[] {
  const problems: string[] = []
  const { plan, sync, report } = workflow.jobs
  if (!plan || !sync || !report)
    return [`jobs: plan, sync and report are needed, got ${Object.keys(workflow.jobs)}`]

  const planStep = actionSteps(plan).find((s) => s.with?.mode === 'org-plan')
  if (!planStep?.id) problems.push('plan: no step with an id runs the action with mode org-plan')
  const matrixOutput = `\${{ steps.${planStep?.id}.outputs.matrix }}`
  if (JSON.stringify(plan.outputs) !== JSON.stringify({ matrix: matrixOutput }))
    problems.push(
      `plan: outputs must be exactly { matrix: ${matrixOutput} }, got ${JSON.stringify(plan.outputs)}`
    )

  if (!needsOf(sync).includes('plan')) problems.push('sync: must need plan')
  if (sync.strategy?.['fail-fast'] !== false) problems.push('sync: strategy.fail-fast must be false')
  if (sync.strategy?.matrix !== '${{ fromJSON(needs.plan.outputs.matrix) }}')
    problems.push(
      `sync: the matrix must be fromJSON(needs.plan.outputs.matrix), got ${JSON.stringify(sync.strategy?.matrix)}`
    )
  const syncSteps = actionSteps(sync).filter((s) => s.with?.mode === 'org-sync')
  if (syncSteps.length !== 1 || syncSteps[0].with?.shard !== '${{ matrix.shard }}')
    problems.push('sync: one step must run the action with mode org-sync and shard ${{ matrix.shard }}')

  if (!['plan', 'sync'].every((job) => needsOf(report).includes(job)))
    problems.push('report: must need plan and sync')
  const condition = text(report.if)
  if (!condition.includes('!cancelled()')) problems.push('report: its if must hold !cancelled()')
  if (!/needs\.plan\.result == 'success'/.test(condition))
    problems.push("report: its if must require needs.plan.result == 'success'")
  if (/\bsuccess\(\)|\bfailure\(\)/.test(condition))
    problems.push('report: its if must not depend on the shards succeeding')
  if (actionSteps(report).filter((s) => s.with?.mode === 'org-report').length !== 1)
    problems.push('report: one step must run the action with mode org-report')

  // The hand-over is the data branch: the matrix is the only job output, and only it is read.
  for (const [name, job] of Object.entries(workflow.jobs)) {
    if (name !== 'plan' && job.outputs)
      problems.push(`${name}: declares outputs; jobs hand over through the data branch`)
    for (const need of needsOf(job))
      if (!workflow.jobs[need]) problems.push(`${name}: needs ${need}, which is no job`)
  }
  const raw = JSON.stringify(workflow.jobs)
  for (const [, job, output] of raw.matchAll(/needs\.([\w-]+)\.outputs\.([\w-]+)/g)) {
    if (`${job}.${output}` !== 'plan.matrix') problems.push(`reads needs.${job}.outputs.${output}`)
  }
  return problems
}

describe('the organization workflow files', () => {
  it.each([REUSABLE, ...CALLERS])("%s passes GitHub's workflow parser", (path) => {
    expect(parseWorkflowFile(path, readFileSync(path, 'utf8')).errors).toEqual([])
  })

  it('the parser rejects what GitHub would in these files (a matrix in a job if, a secret in a step if)', () => {
    const source = readFileSync(REUSABLE, 'utf8')
    const matrixInIf = source.replace(
      '${{ fromJSON(needs.plan.outputs.matrix).shard[0] }}',
      '${{ matrix.shard }}'
    )
    const secretInIf = source.replace("${{ inputs.app-id != '' }}", "${{ secrets.app-private-key != '' }}")
    expect(matrixInIf).not.toBe(source)
    expect(secretInIf).not.toBe(source)
    expect(parseWorkflowFile(REUSABLE, matrixInIf).errors.join('\n')).toMatch(
      /Unrecognized named-value: 'matrix'/
    )
    expect(parseWorkflowFile(REUSABLE, secretInIf).errors.join('\n')).toMatch(
      /Unrecognized named-value: 'secrets'/
    )
  })
})

describe('the reusable workflow', () => {
  const source = readFileSync(REUSABLE, 'utf8')
  const workflow = parse(REUSABLE)
  const call = workflow.on.workflow_call!
  const steps = Object.values(workflow.jobs).flatMap(actionSteps)

  it('is only called (workflow_call), with optional secrets for the read token', () => {
    expect(Object.keys(workflow.on)).toEqual(['workflow_call'])
    expect(call.secrets).toEqual({
      'read-token': expect.objectContaining({ required: false }),
      'app-private-key': expect.objectContaining({ required: false })
    })
    expect(Object.values(call.inputs).filter((input) => input.required)).toEqual([])
  })

  it('runs plan → one sync job per shard → report, handing over through the data branch', () => {
    expect(shapeProblems(workflow)).toEqual([])
  })

  it.each([
    [
      'fail-fast set to true',
      'fail-fast: false',
      'fail-fast: true',
      'sync: strategy.fail-fast must be false'
    ],
    [
      'a report that waits for every shard',
      "if: ${{ !cancelled() && needs.plan.result == 'success' }}",
      "if: ${{ success() && needs.plan.result == 'success' }}",
      'report: its if must hold !cancelled()'
    ],
    [
      'a fixed matrix',
      'matrix: ${{ fromJSON(needs.plan.outputs.matrix) }}',
      'matrix: { shard: [1, 2] }',
      'sync: the matrix must be fromJSON(needs.plan.outputs.matrix), got {"shard":[1,2]}'
    ],
    [
      'a shard handing its result on as a job output',
      '    timeout-minutes: 55\n    strategy:',
      '    timeout-minutes: 55\n    outputs:\n      runs: ${{ steps.app.outputs.token }}\n    strategy:',
      'sync: declares outputs; jobs hand over through the data branch'
    ]
  ])('finds the fault: %s', (_, from, to, problem) => {
    const broken = source.replace(from, to)
    expect(broken).not.toBe(source)
    expect(shapeProblems(parse(REUSABLE, broken))).toContain(problem)
  })

  it('gives its own token only what writing the metrics repository needs, and never overlaps a run on the same data branch', () => {
    expect(workflow.permissions).toEqual({ contents: 'write', issues: 'write' })
    for (const job of Object.values(workflow.jobs)) expect(job.permissions).toBeUndefined()
    expect(workflow.concurrency?.['cancel-in-progress']).toBe(false)
    const group = text(workflow.concurrency?.group)
    expect(group).toContain('github.repository')
    expect(group).toContain('inputs.data-branch')
  })

  it('a dry run is the whole chain in one job (mode org); otherwise the distributed jobs run', () => {
    const dry = workflow.jobs['dry-run']
    expect(dry.if).toBe('${{ inputs.dry-run }}')
    expect(workflow.jobs.plan.if).toBe('${{ !inputs.dry-run }}')
    const [step] = actionSteps(dry)
    expect(step.with).toMatchObject({ mode: 'org', 'dry-run': 'true' })
    // the distributed jobs never write in dry-run mode, because they never run in it
    for (const name of ['plan', 'sync', 'report']) {
      for (const s of actionSteps(workflow.jobs[name])) expect(s.with?.['dry-run']).toBeUndefined()
    }
  })

  it('uses the released action (the ref examples/metrics.yml uses), never ./', () => {
    const example = readFileSync('examples/metrics.yml', 'utf8').match(
      /uses: (repo-metrics-report\/repo-metrics-report@\S+)/
    )
    expect(example).not.toBeNull()
    expect(steps.length).toBe(4)
    expect(new Set(steps.map((s) => s.uses))).toEqual(new Set([example![1]]))
    const local = Object.values(workflow.jobs)
      .flatMap((job) => job.steps ?? [])
      .filter((s) => s.uses?.startsWith('./'))
    expect(local).toEqual([])
  })

  it('reads the organization with a token minted in the same job, or the read-token secret', () => {
    for (const [name, job] of Object.entries(workflow.jobs)) {
      const all = job.steps ?? []
      const app = all.findIndex((s) => s.uses?.startsWith(`${APP_TOKEN_ACTION}@`))
      const action = all.findIndex((s) => s.uses?.startsWith(`${ACTION}@`))
      expect({ name, app: app >= 0 && app < action }).toEqual({ name, app: true })
      expect(all[app]).toMatchObject({
        id: 'app',
        if: "${{ inputs.app-id != '' }}",
        with: {
          'app-id': '${{ inputs.app-id }}',
          'private-key': '${{ secrets.app-private-key }}',
          owner: '${{ inputs.organization || github.repository_owner }}'
        }
      })
      expect(all[action].with?.['read-token']).toBe('${{ steps.app.outputs.token || secrets.read-token }}')
      expect(all[action].with?.token).toBeUndefined() // the workflow's own token writes
    }
  })

  it('every expression names an input or a secret the workflow declares', () => {
    const inputs = [...source.matchAll(/\binputs\.([A-Za-z0-9_-]+)/g)].map((m) => m[1])
    const secrets = [...source.matchAll(/\bsecrets\.([A-Za-z0-9_-]+)/g)].map((m) => m[1])
    expect(inputs.length).toBeGreaterThan(20)
    expect(inputs.filter((name) => !(name in call.inputs))).toEqual([])
    expect(secrets.filter((name) => !(name in call.secrets))).toEqual([])
  })

  it('passes every job the same settings, and every input of its own reaches the action', () => {
    const shared = (s: Step) =>
      Object.fromEntries(
        Object.entries(s.with ?? {}).filter(([k]) => !['mode', 'shard', 'dry-run'].includes(k))
      )
    for (const step of steps) expect(shared(step)).toEqual(shared(steps[0]))
    const passed = Object.keys(steps[0].with ?? {})
    const dropped = Object.keys(call.inputs).filter(
      (n) => !WORKFLOW_ONLY.includes(n) && !passed.includes(n) && n !== 'dry-run'
    )
    expect(dropped).toEqual([])
    for (const name of passed.filter((n) => n in call.inputs))
      expect(steps[0].with?.[name]).toBe(`\${{ inputs.${name} }}`)
  })
})

describe('the reusable workflow against the action input table (src/inputs.ts)', () => {
  const workflow = parse(REUSABLE)
  const call = workflow.on.workflow_call!
  const steps = Object.values(workflow.jobs).flatMap(actionSteps)
  const table = new Map<string, InputSpec>(INPUTS.map((input) => [input.name, input]))

  it("has every organization-mode input of ORG-SPEC.md (fails until the lead's inputs land)", () => {
    expect(ORG_INPUTS.filter((name) => !table.has(name))).toEqual([])
    expect(ORG_MODES.filter((mode) => !table.get('mode')?.values?.includes(mode))).toEqual([])
  })

  it('passes the action only inputs and modes the table declares', () => {
    const undeclared = steps.flatMap((s) => Object.keys(s.with ?? {}).filter((name) => !table.has(name)))
    expect(undeclared).toEqual([])
    const modes = steps.map((s) => text(s.with?.mode))
    expect(modes.sort()).toEqual([...ORG_MODES].sort())
    expect(modes.filter((mode) => !table.get('mode')?.values?.includes(mode))).toEqual([])
  })

  it("defaults each input to the action's own default (or empty, which the action reads as its default)", () => {
    const differ = Object.entries(call.inputs)
      .filter(([name]) => table.has(name))
      .map(([name, input]) => ({ name, workflow: text(input.default), action: table.get(name)!.default }))
      .filter((d) => d.workflow !== '' && !isExpression(d.action) && d.workflow !== d.action)
    expect(differ).toEqual([])
    for (const [name, input] of Object.entries(call.inputs)) {
      const values = table.get(name)?.values
      if (values && text(input.default) !== '')
        expect({ name, ok: values.includes(text(input.default)) }).toEqual({ name, ok: true })
    }
  })

  it.each(['plan', 'sync', 'report', 'dry-run'])(
    'the %s job, with the workflow defaults, gives valid settings',
    (name) => {
      const [step] = actionSteps(workflow.jobs[name])
      const given: Record<string, string> = { token: 'ghs_example' }
      for (const [input, value] of Object.entries(step.with ?? {})) {
        const own = /^\$\{\{ inputs\.([\w-]+) \}\}$/.exec(text(value))
        if (own) given[input] = text(call.inputs[own[1]].default)
        else if (text(value) === '${{ matrix.shard }}') given[input] = '1'
        else if (input === 'read-token') given[input] = 'ghs_app_example'
        else given[input] = text(value)
      }
      const result = parseSettings((input) => given[input] ?? '', { GITHUB_REPOSITORY: 'octo-org/metrics' })
      expect(result.ok ? [] : result.problems.map((p) => p.message)).toEqual([])
    }
  )
})

describe.each(CALLERS)('the caller %s', (path) => {
  const caller = parse(path)
  const callerSource = readFileSync(path, 'utf8')
  const reusable = parse(REUSABLE)
  const call = reusable.on.workflow_call!
  const jobs = Object.values(caller.jobs).filter((job) =>
    job.uses?.includes('/.github/workflows/org-metrics.yml@')
  )

  it('calls the reusable workflow at the ref it uses for the action', () => {
    expect(jobs.length).toBe(1)
    const action = Object.values(reusable.jobs).flatMap(actionSteps)[0].uses!
    expect(jobs[0].uses).toBe(`${ACTION}/.github/workflows/org-metrics.yml@${action.split('@')[1]}`)
  })

  it('runs on a schedule and by hand, with a window that matches the schedule', () => {
    expect(Object.keys(caller.on).sort()).toEqual(['schedule', 'workflow_dispatch'])
    const [minute, hour, day, month, weekday] = caller.on.schedule![0].cron.split(' ')
    expect([minute, hour, month].every((f) => /^\d+$/.test(f) || f === '*')).toBe(true)
    const window = text(jobs[0].with?.window)
    if (window === 'week') expect([day, weekday]).toEqual(['*', expect.stringMatching(/^\d$/)])
    else if (window === 'month') expect([day, weekday]).toEqual(['1', '*'])
    else throw new Error(`${path}: window ${window} has no schedule rule here`)
  })

  it('passes only inputs and secrets the reusable workflow declares, of their types', () => {
    const given = jobs[0].with ?? {}
    expect(Object.keys(given).filter((name) => !(name in call.inputs))).toEqual([])
    expect(Object.keys(jobs[0].secrets ?? {}).filter((name) => !(name in call.secrets))).toEqual([])
    for (const [name, value] of Object.entries(given)) {
      const type = call.inputs[name].type
      const literal = typeof value === 'string' && value.includes('${{') ? type : typeof value
      expect({ name, type: literal }).toEqual({ name, type })
    }
  })

  it('grants the permissions the reusable workflow asks for, and no concurrency group of its own', () => {
    expect({ ...caller.permissions, ...jobs[0].permissions }).toEqual(
      expect.objectContaining(reusable.permissions ?? {})
    )
    expect(caller.concurrency).toBeUndefined()
  })

  it('names only dispatch inputs it declares', () => {
    const dispatch = caller.on.workflow_dispatch?.inputs ?? {}
    const used = [...callerSource.matchAll(/\binputs\.([A-Za-z0-9_-]+)/g)].map((m) => m[1])
    expect(used.length).toBeGreaterThan(0)
    expect(used.filter((name) => !(name in dispatch))).toEqual([])
  })

  it('reads the organization with an App or a PAT, not both', () => {
    const secrets = Object.keys(jobs[0].secrets ?? {})
    if (path.endsWith('-app.yml')) {
      expect(secrets).toEqual(['app-private-key'])
      expect(jobs[0].with?.['app-id']).toMatch(/^\$\{\{ vars\.\w+ \}\}$/)
    } else {
      expect(secrets).toEqual(['read-token'])
      expect(jobs[0].with?.['app-id']).toBeUndefined()
    }
  })
})

describe('docs/organization-mode.md', () => {
  const doc = readFileSync('docs/organization-mode.md', 'utf8')
  const call = parse(REUSABLE).on.workflow_call!

  it('names every input and secret of the reusable workflow, and links the files it describes', () => {
    const names = [...Object.keys(call.inputs), ...Object.keys(call.secrets)]
    expect(names.filter((name) => !doc.includes(`\`${name}\``))).toEqual([])
    for (const file of [REUSABLE, ...CALLERS]) expect(doc).toContain(`(../${file})`)
  })

  it('shows the groups file format as valid JSON', () => {
    const block = /```json\n(\{ "groups"[\s\S]*?)```/.exec(doc)
    expect(block).not.toBeNull()
    const groups = (JSON.parse(block![1]) as { groups: Record<string, string[]> }).groups
    expect(groups.payments).toEqual(['billing', 'api-*', '!api-legacy'])
  })
})
