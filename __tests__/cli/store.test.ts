import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from '../../src/cli.js'
import { chooseStore, describeWrites, storeFolderProblem, type FolderProbe } from '../../src/cli/store.js'
import { parseSettings } from '../../src/settings.js'

const settingsWith = (inputs: Record<string, string>) => {
  const parsed = parseSettings((name) => ({ token: 't', mode: 'report', ...inputs })[name] ?? '', {
    GITHUB_REPOSITORY: 'octo-org/app',
    GITHUB_API_URL: 'https://api.github.com',
    GITHUB_GRAPHQL_URL: 'https://api.github.com/graphql',
    GITHUB_SERVER_URL: 'https://github.com'
  })
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems))
  return parsed.settings
}

describe('the store choice', () => {
  it('is the folder ./repo-metrics-data by default, github on request, else the folder given', () => {
    expect(chooseStore(parseArgs([]), '/work')).toEqual({
      kind: 'folder',
      dir: '/work/repo-metrics-data',
      given: './repo-metrics-data',
      isDefault: true
    })
    expect(chooseStore(parseArgs(['--store', 'github']), '/work')).toEqual({ kind: 'github' })
    expect(chooseStore(parseArgs(['--store', 'out']), '/work')).toMatchObject({
      dir: '/work/out',
      isDefault: false
    })
  })

  it("says in the run's first line what is written where", () => {
    const folder = chooseStore(parseArgs([]), '/work')
    expect(describeWrites(folder, settingsWith({ notify: 'false' }))).toBe(
      'Store: the local folder /work/repo-metrics-data (the default; --store github writes to the repository). Nothing is written to octo-org/app, and there is no notification issue with a local folder.'
    )
    expect(describeWrites({ kind: 'github' }, settingsWith({}))).toBe(
      "Store: the repository octo-org/app (--store github). History and the report are committed to its branch 'repo-metrics', and the notification issue labelled 'metrics-report' is opened or updated in octo-org/app (--no-notify to skip it)."
    )
    expect(describeWrites({ kind: 'github' }, settingsWith({ notify: 'false' }))).toBe(
      "Store: the repository octo-org/app (--store github). History and the report are committed to its branch 'repo-metrics'; no notification issue (--no-notify)."
    )
    expect(describeWrites({ kind: 'github' }, settingsWith({ 'dry-run': 'true' }))).toBe(
      'dry-run: nothing is written, neither to a local folder nor to octo-org/app.'
    )
  })
})

describe('the folder check', () => {
  const base = mkdtempSync(join(tmpdir(), 'rmr-cli-store-'))
  afterAll(() => rmSync(base, { recursive: true, force: true }))
  const folder = (given: string) => ({
    kind: 'folder' as const,
    dir: join(base, given),
    given,
    isDefault: false
  })

  it('accepts a folder that exists or can be created', () => {
    expect(storeFolderProblem(folder('.'))).toBeNull()
    expect(storeFolderProblem(folder('new/deeper'))).toBeNull()
  })

  it('names a folder the disk refuses to write, and the parent that stops its creation', () => {
    const refusing = (code: string): FolderProbe => ({
      stat: (path) => {
        if (path.startsWith(join(base, 'ro'))) throw Object.assign(new Error('no'), { code: 'ENOENT' })
        return { isDirectory: () => true }
      },
      checkWritable: () => {
        throw Object.assign(new Error('read-only'), { code })
      }
    })
    expect(storeFolderProblem(folder('.'), refusing('EROFS'))).toBe(
      `The store folder ${join(base, '.')} is not writable (EROFS). Give a folder you can write with --store, or change its permissions.`
    )
    expect(storeFolderProblem(folder('ro/data'), refusing('EACCES'))).toBe(
      `The store folder ${join(base, 'ro/data')} cannot be created: ${base} is not writable (EACCES). Give a folder you can write with --store.`
    )
  })
})
