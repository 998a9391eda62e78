/**
 * The action's inputs, one entry each: the single source for action.yml's `inputs:` block and the README
 * inputs table (both written by `npm run docs`, checked by `npm run check-docs`), the defaults the settings
 * readers apply (src/settings/*.ts), the command line's flags and help (src/cli.ts) and the table-driven
 * settings tests.
 *
 * A new input: add its entry here, read it in the reader of its concern (src/settings/*.ts) into its
 * `Settings` field, and run `npm run docs`.
 */
import { ORG, ORG_INPUTS, ORG_REPORTING, ORG_SYNCING } from './inputs-org.js'
import { BUCKETS, MODES, type Mode, type Settings } from './settings-types.js'

/**
 * How an input's text is read; each reader checks that the input has the kind it expects.
 * `secret` never shown in a message; `choice` one of `values`; `boolean` the six spellings of
 * `core.getBooleanInput`; `text` free text; `list` comma- or newline-separated text; `logins` a list of
 * GitHub logins (`@` optional); `branch` a git branch name; `path` a path inside the repository (see
 * `example`); `file` a path in the runner's workspace; `label` a GitHub label (at most 50 characters);
 * `title` an issue title (at most 256); `repository` `owner/name`; `instant` `YYYY-MM-DD` or an ISO time;
 * `dates` a list of `YYYY-MM-DD`; `count` a positive whole number; `zone` an IANA time zone; `json` JSON
 * text, validated by the step that reads it; `spec` a grammar of its own, read by its reader.
 */
export type InputKind =
  | 'secret'
  | 'choice'
  | 'boolean'
  | 'text'
  | 'list'
  | 'logins'
  | 'branch'
  | 'path'
  | 'file'
  | 'label'
  | 'title'
  | 'repository'
  | 'instant'
  | 'dates'
  | 'count'
  | 'zone'
  | 'json'
  | 'spec'

/** The modes that do work (`auto` stands for one of them). */
export type RunMode = Exclude<Mode, 'auto'>

export interface CliFlag {
  /** What the flag's value is called in the help; default: the input's `values` joined by `|`. Booleans take none. */
  value?: string
  /** One line for `--help`; ` (default X)` is added for an input with a plain default that is not a boolean. */
  help: string
}

export interface InputSpec {
  /** The input's name in action.yml; the CLI flag is `--NAME`. */
  name: string
  /** action.yml's description, also the README's. One line; `npm run docs` wraps it. */
  description: string
  /** action.yml's default; the readers apply it to an empty input unless it is an expression (`${{ }}`). */
  default: string
  kind: InputKind
  /** The accepted values of a `choice`. */
  values?: readonly string[]
  /** A valid value, shown in the fix of a `path` problem. */
  example?: string
  /** The modes that read the input. */
  modes: readonly RunMode[]
  /** The `Settings` field the input feeds. */
  setting: keyof Settings
  /** Present when the command line takes the input as a flag. */
  cli?: CliFlag
}

const EVERY_MODE = MODES.filter((mode): mode is RunMode => mode !== 'auto')
const REPORT = ['report'] as const
const INGEST = ['ingest-deployments', 'ingest-incidents'] as const
const PRUNE = ['prune-deployments', 'prune-incidents'] as const

const TABLE = [
  {
    name: 'token',
    kind: 'secret',
    default: '${{ github.token }}',
    modes: EVERY_MODE,
    setting: 'token',
    description:
      'Token used for every GitHub API call. The default Actions token works; it needs contents write, issues write, pull-requests read, actions read and deployments read.',
    cli: { value: 'TOKEN', help: 'GitHub token (default: $GITHUB_TOKEN or $GH_TOKEN)' }
  },
  {
    name: 'mode',
    kind: 'choice',
    values: MODES,
    default: 'auto',
    modes: EVERY_MODE,
    setting: 'mode',
    description:
      'What this run does: `auto` (chosen from the triggering event), `report`, `record`, `ingest-deployments`, `prune-deployments`, `ingest-incidents` or `prune-incidents`; for an organization `org-plan`, `org-sync`, `org-report`, or `org` (all three in one job).'
  },
  {
    name: 'data-branch',
    kind: 'branch',
    default: 'repo-metrics',
    modes: EVERY_MODE,
    setting: 'dataBranch',
    description:
      'Branch that holds the normalized history and the metric snapshots. Created as an orphan branch when missing.',
    cli: { value: 'NAME', help: 'data branch name' }
  },
  {
    name: 'reports-branch',
    kind: 'branch',
    default: '',
    modes: REPORT,
    setting: 'reportsBranch',
    description: 'Branch the rendered reports are committed to. Empty means the data branch.'
  },
  {
    name: 'reports-path',
    kind: 'path',
    example: 'reports',
    default: 'reports',
    modes: REPORT,
    setting: 'reportsPath',
    description: 'Folder, relative to the root of the reports branch, that receives the reports.'
  },
  {
    name: 'window',
    kind: 'spec',
    default: '90d',
    modes: [...REPORT, ...ORG],
    setting: 'window',
    description:
      'How far back a report looks: a length such as `90d`, `6w` or `3m` (days, weeks, months of 30 days) ending now, or a calendar unit `week`, `month` or `quarter` meaning the last complete one.',
    cli: { value: 'SPEC', help: 'Nd, Nw, Nm, week, month or quarter' }
  },
  {
    name: 'since',
    kind: 'instant',
    default: '',
    modes: [...REPORT, ...ORG],
    setting: 'since',
    description:
      'Start of the report window as `YYYY-MM-DD` (midnight in `timezone`) or a full ISO time. Together with `until` it overrides `window`, for reproducible historical reports.',
    cli: { value: 'ISO', help: 'start of an explicit window (overrides --window)' }
  },
  {
    name: 'until',
    kind: 'instant',
    default: '',
    modes: [...REPORT, ...ORG],
    setting: 'until',
    description: 'End of the report window (excluded) as `YYYY-MM-DD` or a full ISO time. Empty means now.',
    cli: { value: 'ISO', help: 'end of the window, excluded (default: now)' }
  },
  {
    name: 'bucket',
    kind: 'choice',
    values: BUCKETS,
    default: 'week',
    modes: [...REPORT, ...ORG_SYNCING],
    setting: 'bucket',
    description: 'Width of the chart and table buckets: `day`, `week` (starting Monday) or `month`.',
    cli: { help: 'chart and table buckets' }
  },
  {
    name: 'timezone',
    kind: 'zone',
    default: 'UTC',
    modes: [...REPORT, ...PRUNE, ...ORG],
    setting: 'timezone',
    description:
      'IANA time zone used for calendar windows, bucket boundaries, dates and working hours, e.g. `Europe/Berlin`.',
    cli: { value: 'IANA', help: 'time zone for buckets and periods' }
  },
  {
    name: 'metrics',
    kind: 'spec',
    default: 'all',
    modes: [...REPORT, ...ORG_SYNCING],
    setting: 'metrics',
    description:
      'Comma-separated metrics to compute, camelCase or kebab-case (for example `review-turnaround, cycle-time`), or `all`.',
    cli: { value: 'LIST', help: 'comma list of metrics' }
  },
  {
    name: 'ignore-users',
    kind: 'logins',
    default: '',
    modes: [...REPORT, ...ORG_SYNCING],
    setting: 'ignoreUsers',
    description: 'Comma-separated logins whose reviews, comments and pull requests never count.',
    cli: { value: 'LIST', help: 'logins never counted' }
  },
  {
    name: 'include-bots',
    kind: 'boolean',
    default: 'false',
    modes: [...REPORT, ...ORG_SYNCING],
    setting: 'includeBots',
    description: 'Count bot accounts (logins ending in `[bot]`) like people.',
    cli: { help: 'count bot accounts' }
  },
  {
    name: 'deployment-environment',
    kind: 'text',
    default: 'production',
    modes: ['report', 'record', ...ORG_SYNCING],
    setting: 'deploymentEnvironment',
    description: 'Deployment environment that counts as production for the DORA metrics.',
    cli: { value: 'NAME', help: 'production environment name' }
  },
  {
    name: 'deployment-source',
    kind: 'spec',
    default: 'auto',
    modes: ['report', 'record', ...ORG_SYNCING],
    setting: 'deploymentSource',
    description:
      'Where deployments come from: `auto`, `deployments` (the Deployments API), `workflow:NAME` (successful runs of the named workflow), `releases` or `merges` (every merge to the default branch).',
    cli: { value: 'S', help: 'auto, deployments, workflow:NAME, releases or merges' }
  },
  {
    name: 'incident-label',
    kind: 'label',
    default: '',
    modes: [...REPORT, ...ORG_SYNCING],
    setting: 'incidentLabel',
    description:
      'Issues with this label are incidents (for change failure rate and time to restore). Empty means none.',
    cli: { value: 'LABEL', help: 'issues with this label are incidents (time to restore, failure rate)' }
  },
  {
    name: 'issue-label',
    kind: 'label',
    default: 'metrics-report',
    modes: [...REPORT, ...ORG_REPORTING],
    setting: 'issueLabel',
    description: 'Label put on the notification issue; it also identifies the issue of a report period.'
  },
  {
    name: 'issue-title',
    kind: 'title',
    default: 'Metrics report {period} for {repository}',
    modes: [...REPORT, ...ORG_REPORTING],
    setting: 'issueTitle',
    description: 'Title of the notification issue. `{period}` and `{repository}` are replaced.'
  },
  {
    name: 'issue-repository',
    kind: 'repository',
    default: '',
    modes: [...REPORT, ...ORG_REPORTING],
    setting: 'issueRepository',
    description:
      'Repository (`owner/name`) that receives the notification issue instead of this one: a testing mode. The token must be allowed to write issues there.'
  },
  {
    name: 'issue-assignees',
    kind: 'logins',
    default: '',
    modes: REPORT,
    setting: 'issueAssignees',
    description: 'Comma-separated logins assigned to the notification issue (at most 10).'
  },
  {
    name: 'close-previous-issue',
    kind: 'boolean',
    default: 'true',
    modes: [...REPORT, ...ORG_REPORTING],
    setting: 'closePreviousIssue',
    description: "Close the previous period's notification issue when a new one is opened."
  },
  {
    name: 'notify',
    kind: 'boolean',
    default: 'true',
    modes: REPORT,
    setting: 'notify',
    description: 'Open or update the notification issue. `false` only commits the report.',
    cli: { help: 'open/update the notification issue (default: only with --store github)' }
  },
  {
    name: 'mention-reviewers',
    kind: 'boolean',
    default: 'false',
    modes: REPORT,
    setting: 'mentionReviewers',
    description:
      'Write the reviewers with pending review requests in the notification issue as @-mentions, which notify them. By default they are written as plain names that notify nobody.'
  },
  {
    name: 'template',
    kind: 'path',
    example: '.github/metrics/report.hbs',
    default: '',
    modes: REPORT,
    setting: 'template',
    description:
      'Path, in the default branch, of a Handlebars template for the report. Empty means the bundled one.'
  },
  {
    name: 'issue-template',
    kind: 'path',
    example: '.github/metrics/issue.hbs',
    default: '',
    modes: REPORT,
    setting: 'issueTemplate',
    description:
      'Path, in the default branch, of a Handlebars template for the issue body. Empty means the bundled one.'
  },
  {
    name: 'working-hours',
    kind: 'spec',
    default: '',
    modes: [...REPORT, ...ORG_SYNCING],
    setting: 'workingHours',
    description:
      'Working hours for the working-time variants of the review metrics, e.g. `Mon-Fri 09:00-17:00` in `timezone`. Empty turns them off.',
    cli: { value: 'SPEC', help: "also measure review times in working hours, e.g. 'Mon-Fri 09:00-17:00'" }
  },
  {
    name: 'holidays',
    kind: 'dates',
    default: '',
    modes: [...REPORT, ...ORG_SYNCING],
    setting: 'workingHours',
    description: 'Comma-separated `YYYY-MM-DD` dates that are not working days (used with `working-hours`).',
    cli: { value: 'LIST', help: 'comma list of YYYY-MM-DD days off for --working-hours' }
  },
  ...ORG_INPUTS,
  {
    name: 'request-budget',
    kind: 'count',
    default: '',
    modes: EVERY_MODE,
    setting: 'requestBudget',
    description:
      'Most API requests one run may spend. When it is spent the run saves where it stopped and the next run continues. Empty means no limit beyond a reserve of the rate limit.',
    cli: { value: 'N', help: 'most API requests to spend (the next run resumes)' }
  },
  {
    name: 'dry-run',
    kind: 'boolean',
    default: 'false',
    modes: EVERY_MODE,
    setting: 'dryRun',
    description: 'Read and compute everything but write nothing (no commits, no issues, no pruning).',
    cli: { help: 'compute and print, write nothing' }
  },
  {
    name: 'deployments',
    kind: 'json',
    default: '',
    modes: ['ingest-deployments'],
    setting: 'deploymentsJson',
    description:
      'Deployment records to ingest, as JSON (an array or an object with a `deployments` array; at most 500).'
  },
  {
    name: 'deployments-file',
    kind: 'file',
    default: '',
    modes: ['ingest-deployments'],
    setting: 'deploymentsFile',
    description: 'Path of a JSON file with deployment records to ingest, instead of `deployments`.'
  },
  {
    name: 'incidents',
    kind: 'json',
    default: '',
    modes: ['ingest-incidents'],
    setting: 'incidentsJson',
    description:
      'Incident records to ingest, as JSON (an array or an object with an `incidents` array; at most 500).'
  },
  {
    name: 'incidents-file',
    kind: 'file',
    default: '',
    modes: ['ingest-incidents'],
    setting: 'incidentsFile',
    description: 'Path of a JSON file with incident records to ingest, instead of `incidents`.'
  },
  {
    name: 'fail-on-invalid',
    kind: 'boolean',
    default: 'false',
    modes: INGEST,
    setting: 'failOnInvalid',
    description:
      'Fail the step when ingestion rejects a record or the whole payload (not JSON, wrong shape, more than 500 records). By default the problems are reported as warnings and the step succeeds.'
  },
  {
    name: 'prune-source',
    kind: 'text',
    default: '',
    modes: PRUNE,
    setting: 'prune',
    description:
      'Prune modes remove only records from this source (the `source` given when they were ingested).'
  },
  {
    name: 'prune-ids',
    kind: 'list',
    default: '',
    modes: PRUNE,
    setting: 'prune',
    description: 'Prune modes remove only the records with these comma-separated ids.'
  },
  {
    name: 'prune-since',
    kind: 'instant',
    default: '',
    modes: PRUNE,
    setting: 'prune',
    description: 'Prune modes remove only records at or after this time (`YYYY-MM-DD` or ISO).'
  },
  {
    name: 'prune-until',
    kind: 'instant',
    default: '',
    modes: PRUNE,
    setting: 'prune',
    description: 'Prune modes remove only records before this time (`YYYY-MM-DD` or ISO).'
  }
] as const satisfies readonly InputSpec[]

/** Every input's name; the readers take only these. */
export type InputName = (typeof TABLE)[number]['name']

/** The table, in action.yml's order. */
export const INPUTS: readonly (InputSpec & { name: InputName })[] = TABLE

/** True for defaults the runner fills in itself (`${{ github.token }}`); the readers never apply them. */
export function isExpression(text: string): boolean {
  return /^\$\{\{.*\}\}$/s.test(text.trim())
}
