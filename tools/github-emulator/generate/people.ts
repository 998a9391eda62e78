/**
 * The cast of a generated repository: invented people, teams, bots and labels, plus the word lists
 * titles and messages are built from. All names are made up for this project.
 */
import type { SeedActor, SeedLabel, SeedTeam } from '../types.js'
import { flat } from './clock.js'
import { cumulativeWeights, type Random } from './random.js'

/** [login, display name]. The first five are maintainers; the last four belong to no team. */
const PEOPLE: ReadonlyArray<readonly [string, string]> = [
  ['marta-okafor', 'Marta Okafor'],
  ['jlindqvist', 'Johan Lindqvist'],
  ['priya-raman', 'Priya Raman'],
  ['tomasz-w', 'Tomasz Wilk'],
  ['keiko-ando', 'Keiko Ando'],
  ['dbarros', 'Diego Barros'],
  ['amelie-fournier', 'Amelie Fournier'],
  ['samir-haddad', 'Samir Haddad'],
  ['lena-vogt', 'Lena Vogt'],
  ['chioma-eze', 'Chioma Eze'],
  ['rkowalczyk', 'Roman Kowalczyk'],
  ['hannah-pike', 'Hannah Pike'],
  ['ocampo-luis', 'Luis Ocampo'],
  ['yusuf-demir', 'Yusuf Demir'],
  ['ines-sarmento', 'Ines Sarmento'],
  ['wei-zhang-dev', 'Wei Zhang'],
  ['noor-abbasi', 'Noor Abbasi'],
  ['pete-mccall', 'Pete McCall'],
  ['ana-lucia-r', 'Ana Lucia Reyes'],
  ['gkaralis', 'Giorgos Karalis']
]

export const MAINTAINER_COUNT = 5

/** Team slug, display name, member indexes into the people list. */
const TEAMS: ReadonlyArray<readonly [string, string, readonly number[]]> = [
  ['backend', 'Backend', [0, 1, 5, 7, 10, 13, 15]],
  ['frontend', 'Frontend', [2, 6, 8, 11, 14]],
  ['platform', 'Platform', [3, 4, 9, 12, 1]]
]

const LABELS: ReadonlyArray<readonly [string, string, string | null]> = [
  ['bug', 'd73a4a', "Something isn't working"],
  ['enhancement', 'a2eeef', 'New feature or request'],
  ['documentation', '0075ca', 'Improvements or additions to documentation'],
  ['dependencies', '0366d6', 'Updates a dependency'],
  ['performance', 'fbca04', null],
  ['breaking-change', 'b60205', 'Changes behaviour users rely on'],
  ['question', 'd876e3', 'Further information is requested'],
  ['incident', 'e11d21', 'Production is affected'],
  ['good first issue', '7057ff', 'Good for newcomers']
]

export interface Cast {
  users: SeedActor[]
  /** Display names, parallel to `users` (commit author names). */
  names: string[]
  /** Cumulative activity weights over `users` (a few people do most of the work). */
  activity: number[]
  teams: SeedTeam[]
  /** Member indexes per team, parallel to `teams`. */
  teamMembers: number[][]
  dependabot: SeedActor
  renovate: SeedActor
  actionsBot: SeedActor
}

export function buildCast(): Cast {
  const users = PEOPLE.map(([login]) => ({ login, type: 'User' as const }))
  return {
    users,
    names: PEOPLE.map(([, name]) => name),
    activity: cumulativeWeights(PEOPLE.map((_, i) => 1 / Math.pow(i + 1.5, 0.8))),
    teams: TEAMS.map(([slug, name, members]) => ({ slug, name, members: members.map((i) => PEOPLE[i][0]) })),
    teamMembers: TEAMS.map(([, , members]) => [...members]),
    dependabot: { login: 'dependabot', type: 'Bot' },
    renovate: { login: 'renovate', type: 'Bot' },
    actionsBot: { login: 'github-actions', type: 'Bot' }
  }
}

export function buildLabels(): SeedLabel[] {
  return LABELS.map(([name, color, description]) => ({ name, color, description }))
}

/** A user index other than `not` (pass -1 for anyone). */
export function otherUser(random: Random, cast: Cast, not: number): number {
  for (;;) {
    const i = random.weighted(cast.activity)
    if (i !== not) return i
  }
}

export function maintainer(random: Random, not: number): number {
  for (;;) {
    const i = random.int(MAINTAINER_COUNT)
    if (i !== not) return i
  }
}

const VERBS = [
  'Add',
  'Fix',
  'Refactor',
  'Remove',
  'Speed up',
  'Document',
  'Simplify',
  'Handle',
  'Rename',
  'Test'
]
const SUBJECTS = [
  'cache invalidation',
  'retry budget',
  'settings parser',
  'export button',
  'pagination cursor',
  'timezone buckets',
  'login redirect',
  'webhook signature check',
  'search index',
  'CSV download',
  'dark mode colours',
  'rate limit handling',
  'audit log',
  'session timeout',
  'upload progress',
  'empty state',
  'error banner',
  'chart legend',
  'health endpoint',
  'migration script'
]
const PLACES = ['in the API', 'on the dashboard', 'for admins', 'in the CLI', 'in reports', '', '', '']
const PACKAGES = ['lodash', 'express', 'react', 'typescript', 'jest', 'eslint', 'zod', 'vite', 'pg', 'axios']
const ISSUE_OPENINGS = [
  'Crash when',
  'Slow response when',
  'Wrong total after',
  'Support',
  'Question about',
  'Flaky'
]
const CHORES = [
  'Update changelog',
  'Bump version',
  'Fix typo in README',
  'Tidy CI configuration',
  'Regenerate lock file',
  'Revert accidental change'
]

export function pullTitle(random: Random): string {
  const place = random.pick(PLACES)
  return flat(`${random.pick(VERBS)} ${random.pick(SUBJECTS)}${place ? ' ' + place : ''}`)
}

export function issueTitle(random: Random): string {
  return flat(`${random.pick(ISSUE_OPENINGS)} ${random.pick(SUBJECTS)}`)
}

export function choreMessage(random: Random): string {
  return random.pick(CHORES)
}

/** [title, head branch] of a dependency update pull request. */
export function dependencyUpdate(random: Random, bot: 'dependabot' | 'renovate'): [string, string] {
  const pkg = random.pick(PACKAGES)
  const major = random.between(1, 9)
  const from = `${major}.${random.between(0, 20)}.${random.between(0, 9)}`
  const to = `${major}.${random.between(21, 30)}.0`
  return bot === 'dependabot'
    ? [flat(`Bump ${pkg} from ${from} to ${to}`), flat(`dependabot/npm_and_yarn/${pkg}-${to}`)]
    : [flat(`Update dependency ${pkg} to v${to}`), flat(`renovate/${pkg}-${major}.x`)]
}

export function branchSlug(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40)
}
