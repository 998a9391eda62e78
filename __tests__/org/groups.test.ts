/** The groups file of the organization report: reading it (every problem at once) and resolving its groups. */
import { parseGroupsFile, resolveGroups } from '../../src/org/groups.js'

const PATH = '.github/repo-metrics-groups.json'
const REPOS = ['acme/billing', 'acme/api-core', 'acme/api-legacy', 'acme/api-edge', 'acme/site', 'other/site']

describe('parseGroupsFile', () => {
  it('reads each group with its patterns, in the file’s order', () => {
    const groups = parseGroupsFile(
      JSON.stringify({ groups: { payments: ['billing', 'api-*', '!api-legacy'], web: [' acme/site '] } }),
      PATH
    )
    expect(groups).toEqual([
      { name: 'payments', patterns: ['billing', 'api-*', '!api-legacy'] },
      { name: 'web', patterns: ['acme/site'] }
    ])
    expect(parseGroupsFile('{"groups": {}}', PATH)).toEqual([])
  })

  it('names every problem at once, each with the file, the group and the fix', () => {
    const text = JSON.stringify({
      groups: {
        payments: ['billing', 'api core'],
        'bad/name': ['x'],
        empty: [],
        numbers: [1, 2],
        Payments: ['y']
      },
      extra: true
    })
    let message = ''
    try {
      parseGroupsFile(text, PATH)
    } catch (error) {
      message = (error as Error).message
    }
    const lines = message.split('\n')
    expect(lines).toHaveLength(6)
    for (const line of lines) expect(line.startsWith(`${PATH}: `)).toBe(true)
    expect(message).toContain(`group "payments": "api core" is not a repository pattern; use a name`)
    expect(message).toMatch(/group "bad\/name": a group name is .*rename it/)
    expect(message).toContain('group "empty": lists no repository; add names or globs, or remove the group')
    expect(message).toContain('group "numbers": must be a list of repository names as strings')
    expect(message).toContain('group "Payments": the same name as group "payments" but for case')
    expect(message).toContain('unknown key "extra"')
  })

  it('refuses text that is not JSON, or without a groups object, saying what to write', () => {
    expect(() => parseGroupsFile('{groups:', PATH)).toThrow(
      new RegExp(`^${PATH.replace(/\./g, '\\.')} is not valid JSON .*write it as \\{"groups"`)
    )
    expect(() => parseGroupsFile('[]', PATH)).toThrow(/must be a JSON object with a "groups" object/)
    expect(() => parseGroupsFile('{"groups": ["a"]}', PATH)).toThrow(/"groups" must be an object/)
  })
})

describe('resolveGroups', () => {
  it('resolves names, owner/name, globs and exclusions against the report’s repositories', () => {
    const groups = parseGroupsFile(
      JSON.stringify({
        groups: {
          payments: ['billing', 'api-*', '!api-legacy'],
          web: ['acme/site'],
          everything: ['!api-*'],
          ghosts: ['nothing-*'],
          half: ['billing', 'no-such-repo']
        }
      }),
      PATH
    )
    expect(resolveGroups(groups, REPOS)).toEqual([
      { name: 'payments', repositories: ['acme/billing', 'acme/api-core', 'acme/api-edge'] },
      { name: 'web', repositories: ['acme/site'] },
      { name: 'everything', repositories: ['acme/billing', 'acme/site', 'other/site'] },
      {
        name: 'ghosts',
        repositories: [],
        note: "matches none of the report's repositories (nothing-*); check the names in the groups file"
      },
      {
        name: 'half',
        repositories: ['acme/billing'],
        note: 'no-such-repo matched no repository of the report'
      }
    ])
  })
})
