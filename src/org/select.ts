/**
 * Organization mode: which repositories a run covers. The selection is a list of patterns — a name
 * (`widgets`), `owner/name`, or a glob of either (`*` any run of characters but `/`, `?` one) — where a
 * pattern starting with `!` excludes; no including pattern means every repository. Archived
 * repositories and forks are left out unless asked for, topics narrow the choice to repositories with
 * at least one of them, and `only` picks one repository (a re-run, a test). Every repository left out
 * is named with its reason, so the org report can say what it does not cover.
 */

/** A repository as the organization's listing shows it (REST `GET /orgs/{org}/repos`, or GraphQL). */
export interface ListedRepository {
  owner: string
  name: string
  archived: boolean
  fork: boolean
  topics: string[]
  /** Last push (ISO), null for an empty repository. */
  pushedAt: string | null
  /** GitHub's size of the repository in KB (a cost hint for planning). */
  sizeKb: number
  defaultBranch: string
}

export interface RepositorySelection {
  patterns: string[]
  includeArchived: boolean
  includeForks: boolean
  topics: string[]
  /** `owner/name` or `name`: this repository alone, whatever the other settings say. */
  only: string | null
}

export interface SelectionResult {
  selected: ListedRepository[]
  /** Left out, with why (`archived`, `fork`, `excluded by !pattern`, …). */
  skipped: Array<{ repository: string; reason: string }>
  /** Including patterns that matched no listed repository (likely a typo). */
  unmatched: string[]
}

const PATTERN = /^!?(?:[A-Za-z0-9_.*?-]+\/)?[A-Za-z0-9_.*?-]+$/

/** The problems of a selection's patterns and `only`, all at once (empty when it is valid). */
export function selectionProblems(selection: RepositorySelection, input = 'repositories'): string[] {
  const problems: string[] = []
  for (const pattern of selection.patterns) {
    if (!PATTERN.test(pattern)) {
      problems.push(
        `${input}: ${JSON.stringify(pattern)} is not a repository pattern; use a name (widgets), owner/name, a glob (api-*) or !pattern to exclude`
      )
    }
  }
  if (selection.only !== null && (!PATTERN.test(selection.only) || /[*?!]/.test(selection.only))) {
    problems.push(
      `only: ${JSON.stringify(selection.only)} must name one repository (name or owner/name, no glob)`
    )
  }
  for (const topic of selection.topics) {
    if (!/^[a-z0-9][a-z0-9-]{0,49}$/.test(topic)) {
      problems.push(
        `topics: ${JSON.stringify(topic)} is not a GitHub topic (lowercase letters, digits and hyphens, at most 50)`
      )
    }
  }
  return problems
}

function globRegExp(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|[\]\\-]/g, '\\$&')
    .replace(/\*/g, '[^/]*')
    .replace(/\?/g, '[^/]')
  return new RegExp(`^${body}$`, 'i')
}

/** Whether a pattern (without `!`) names the repository: `name` patterns match any owner. */
function matches(pattern: string, repo: ListedRepository): boolean {
  const full = `${repo.owner}/${repo.name}`
  return pattern.includes('/') ? globRegExp(pattern).test(full) : globRegExp(pattern).test(repo.name)
}

export const fullName = (repo: Pick<ListedRepository, 'owner' | 'name'>): string =>
  `${repo.owner}/${repo.name}`

/** The repositories a selection covers, in the listing's order, and every one left out with why. */
export function selectRepositories(
  listed: readonly ListedRepository[],
  selection: RepositorySelection
): SelectionResult {
  const skipped: SelectionResult['skipped'] = []
  if (selection.only !== null) {
    const only = selection.only
    const chosen = listed.filter((r) => matches(only, r))
    return {
      selected: chosen,
      skipped: listed
        .filter((r) => !chosen.includes(r))
        .map((r) => ({ repository: fullName(r), reason: `only ${only}` })),
      unmatched: chosen.length === 0 ? [only] : []
    }
  }
  const including = selection.patterns.filter((p) => !p.startsWith('!'))
  const excluding = selection.patterns.filter((p) => p.startsWith('!')).map((p) => p.slice(1))
  const used = new Set<string>()
  const selected: ListedRepository[] = []
  for (const repo of listed) {
    const name = fullName(repo)
    const includedBy = including.filter((p) => matches(p, repo))
    for (const p of includedBy) used.add(p)
    if (including.length > 0 && includedBy.length === 0) {
      skipped.push({ repository: name, reason: 'not in the selection' })
      continue
    }
    const excludedBy = excluding.find((p) => matches(p, repo))
    // a repository named exactly is taken even when archived or a fork
    const named = includedBy.some((p) => !/[*?]/.test(p))
    if (excludedBy !== undefined) skipped.push({ repository: name, reason: `excluded by !${excludedBy}` })
    else if (repo.archived && !selection.includeArchived && !named)
      skipped.push({ repository: name, reason: 'archived' })
    else if (repo.fork && !selection.includeForks && !named)
      skipped.push({ repository: name, reason: 'fork' })
    else if (selection.topics.length > 0 && !repo.topics.some((t) => selection.topics.includes(t))) {
      skipped.push({ repository: name, reason: `none of the topics ${selection.topics.join(', ')}` })
    } else selected.push(repo)
  }
  return { selected, skipped, unmatched: including.filter((p) => !used.has(p)) }
}
