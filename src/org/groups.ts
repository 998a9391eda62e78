/**
 * Groups of repositories for the organization report, read from the groups file in the metrics
 * repository (`groups-file`, default `.github/repo-metrics-groups.json`):
 *
 *     { "groups": { "payments": ["billing", "api-*", "!api-legacy"], "web": ["acme/site"] } }
 *
 * Each group is a list of entries in the grammar of the `repositories` input (src/org/select.ts): a
 * name, `owner/name`, a glob of either, `!pattern` to exclude. A group of exclusions only starts from
 * every repository of the report. A group's figures are pooled from its repositories' values (the
 * report does that); here: reading the file, every problem at once, and resolving the entries.
 */
import { selectRepositories, selectionProblems, type ListedRepository } from './select.js'

/** One group as the file gives it. */
export interface GroupDefinition {
  name: string
  patterns: string[]
}

/** One group with the report's repositories it covers (`owner/name`, in the order given). */
export interface ResolvedGroup {
  name: string
  repositories: string[]
  /** Why the group is empty, or which of its patterns matched nothing. */
  note?: string
}

const GROUP_NAME = /^[A-Za-z0-9][A-Za-z0-9 _.-]{0,63}$/

const EXAMPLE = '{"groups": {"payments": ["billing", "api-*", "!api-legacy"]}}'

/**
 * Reads the groups file; throws one error listing every problem, each naming the file, the group and
 * the fix. An empty `groups` object is valid (no groups table).
 */
export function parseGroupsFile(text: string, path: string): GroupDefinition[] {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (error) {
    throw new Error(`${path} is not valid JSON (${(error as Error).message}): write it as ${EXAMPLE}.`)
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new Error(`${path} must be a JSON object with a "groups" object, e.g. ${EXAMPLE}.`)
  }
  const record = raw as Record<string, unknown>
  const problems: string[] = []
  for (const key of Object.keys(record)) {
    if (key !== 'groups' && key !== '$schema' && key !== 'description')
      problems.push(`${path}: unknown key ${JSON.stringify(key)} at the top; only "groups" is read.`)
  }
  const groups = record.groups
  if (groups === null || typeof groups !== 'object' || Array.isArray(groups)) {
    problems.push(
      `${path}: "groups" must be an object of group name to a list of repositories, e.g. ${EXAMPLE}.`
    )
    throw new Error(problems.join('\n'))
  }
  const out: GroupDefinition[] = []
  const seen = new Map<string, string>()
  for (const [name, value] of Object.entries(groups as Record<string, unknown>)) {
    const where = `${path}: group ${JSON.stringify(name)}`
    if (!GROUP_NAME.test(name)) {
      problems.push(
        `${where}: a group name is 1 to 64 letters, digits, spaces, '.', '_' or '-', starting with a letter or digit; rename it.`
      )
    }
    const folded = name.toLowerCase()
    const twin = seen.get(folded)
    if (twin !== undefined) {
      problems.push(
        `${where}: the same name as group ${JSON.stringify(twin)} but for case; give it another name.`
      )
    }
    seen.set(folded, name)
    if (!Array.isArray(value) || value.some((entry) => typeof entry !== 'string')) {
      problems.push(
        `${where}: must be a list of repository names as strings, e.g. ["billing", "api-*", "!api-legacy"].`
      )
      continue
    }
    const patterns = (value as string[]).map((p) => p.trim())
    if (patterns.length === 0) {
      problems.push(`${where}: lists no repository; add names or globs, or remove the group.`)
      continue
    }
    const selection = { patterns, includeArchived: true, includeForks: true, topics: [], only: null }
    for (const problem of selectionProblems(selection, where)) problems.push(`${problem}.`)
    out.push({ name, patterns })
  }
  if (problems.length > 0) throw new Error(problems.join('\n'))
  return out
}

function listed(repository: string): ListedRepository {
  const slash = repository.indexOf('/')
  return {
    owner: slash < 0 ? '' : repository.slice(0, slash),
    name: slash < 0 ? repository : repository.slice(slash + 1),
    archived: false,
    fork: false,
    topics: [],
    pushedAt: null,
    sizeKb: 0,
    defaultBranch: 'main'
  }
}

/**
 * The report's repositories (`owner/name`) each group covers, in the order given. A group matching
 * none is kept, empty, with a note; patterns that matched nothing are named in the note.
 */
export function resolveGroups(
  groups: readonly GroupDefinition[],
  repositories: readonly string[]
): ResolvedGroup[] {
  const all = repositories.map(listed)
  return groups.map((group) => {
    const result = selectRepositories(all, {
      patterns: group.patterns,
      includeArchived: true,
      includeForks: true,
      topics: [],
      only: null
    })
    const chosen = result.selected.map((r) => `${r.owner}/${r.name}`)
    const resolved: ResolvedGroup = { name: group.name, repositories: chosen }
    if (chosen.length === 0) {
      resolved.note = `matches none of the report's repositories (${group.patterns.join(', ')}); check the names in the groups file`
    } else if (result.unmatched.length > 0) {
      resolved.note = `${result.unmatched.join(', ')} matched no repository of the report`
    }
    return resolved
  })
}
