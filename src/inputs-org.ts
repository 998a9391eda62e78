/**
 * The organization modes' own inputs (src/org/run.ts), spread into the input table (./inputs.ts) in
 * action.yml's order; the readers are in src/settings/org.ts.
 */
import type { InputSpec } from './inputs.js'
import { ORG_LAYOUTS, ORG_NOTIFY, ORG_PEOPLE } from './settings-types.js'

/** The organization modes (src/org/run.ts). */
export const ORG = ['org-plan', 'org-sync', 'org-report', 'org'] as const
export const ORG_PLANNING = ['org-plan', 'org'] as const
export const ORG_SYNCING = ['org-sync', 'org'] as const
export const ORG_REPORTING = ['org-report', 'org'] as const

export const ORG_INPUTS = [
  {
    name: 'organization',
    kind: 'text',
    default: '${{ github.repository_owner }}',
    modes: ORG,
    setting: 'org',
    description:
      "Organization modes: the organization (or user) whose repositories are reported on. Default: the owner of the workflow's repository.",
    cli: { value: 'LOGIN', help: 'organization whose repositories are reported on (org command)' }
  },
  {
    name: 'repositories',
    kind: 'list',
    default: '',
    modes: ORG_PLANNING,
    setting: 'org',
    description:
      'Organization modes: the repositories to cover, comma- or newline-separated: names, `owner/name`, globs (`api-*`) and `!pattern` exclusions. Empty means every repository.',
    cli: { value: 'LIST', help: 'repositories to cover: names, globs, !exclusions (default: all)' }
  },
  {
    name: 'include-archived',
    kind: 'boolean',
    default: 'false',
    modes: ORG_PLANNING,
    setting: 'org',
    description: 'Organization modes: also cover archived repositories.'
  },
  {
    name: 'include-forks',
    kind: 'boolean',
    default: 'false',
    modes: ORG_PLANNING,
    setting: 'org',
    description: 'Organization modes: also cover forks.'
  },
  {
    name: 'topics',
    kind: 'list',
    default: '',
    modes: ORG_PLANNING,
    setting: 'org',
    description:
      'Organization modes: cover only repositories with at least one of these topics. Empty means no topic filter.',
    cli: { value: 'LIST', help: 'only repositories with one of these topics' }
  },
  {
    name: 'only',
    kind: 'text',
    default: '',
    modes: ORG,
    setting: 'org',
    description:
      'Organization modes: one repository alone (`name` or `owner/name`), whatever the selection says: a re-run or a test.',
    cli: { value: 'REPO', help: 'one repository alone (a re-run or a test)' }
  },
  {
    name: 'store-layout',
    kind: 'choice',
    values: ORG_LAYOUTS,
    default: 'central',
    modes: ORG,
    setting: 'org',
    description:
      "Organization modes: `central` keeps every repository's history in `repos/OWNER/NAME/` of this repository's data branch; `federated` reads and writes each repository's own data branch (the token must write there).",
    cli: { help: "where each repository's history is kept" }
  },
  {
    name: 'shards',
    kind: 'count',
    default: '4',
    modes: ORG_PLANNING,
    setting: 'org',
    description:
      "Organization modes: how many `org-sync` jobs share the work (the plan's matrix). Repositories are split by expected cost.",
    cli: { value: 'N', help: 'shards the plan splits the repositories into' }
  },
  {
    name: 'shard',
    kind: 'count',
    default: '',
    modes: ['org-sync'],
    setting: 'org',
    description:
      "Mode `org-sync`: which shard of the plan this job runs, 1-based: pass the `shard` entry of the plan's matrix."
  },
  {
    name: 'groups-file',
    kind: 'path',
    example: '.github/repo-metrics-groups.json',
    default: '.github/repo-metrics-groups.json',
    modes: ORG_REPORTING,
    setting: 'org',
    description:
      'Organization modes: a JSON file in this repository\'s default branch naming groups of repositories (`{"groups": {"payments": ["billing", "api-*"]}}`). A missing file means no groups.'
  },
  {
    name: 'people',
    kind: 'choice',
    values: ORG_PEOPLE,
    default: 'teams',
    modes: ORG_REPORTING,
    setting: 'org',
    description:
      'Organization modes: `teams` shows figures per GitHub team; `named` also adds per-person tables (logins as text, never @-mentions).',
    cli: { help: 'per-team figures, or also per-person tables' }
  },
  {
    name: 'org-notify',
    kind: 'choice',
    values: ORG_NOTIFY,
    default: 'central',
    modes: ORG_REPORTING,
    setting: 'org',
    description:
      'Organization modes: `central` opens one issue per period in this repository; `repositories` one in each covered repository; `both`; or `none`.'
  },
  {
    name: 'notification-budget',
    kind: 'count',
    default: '20',
    modes: ORG_REPORTING,
    setting: 'org',
    description:
      'Organization modes: most per-repository issues one run opens or updates; the next run continues with the rest.'
  },
  {
    name: 'read-token',
    kind: 'secret',
    default: '',
    modes: ORG,
    setting: 'org',
    description:
      "Organization modes: the token that reads the organization's repositories: a GitHub App installation token or a PAT. Empty means `token`. `token` still writes this repository.",
    cli: { value: 'TOKEN', help: 'token that reads the organization (default: --token)' }
  }
] as const satisfies readonly InputSpec[]
