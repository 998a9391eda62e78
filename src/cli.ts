/**
 * repo-metrics: the action's report pipeline from a terminal, against github.com, GitHub
 * Enterprise Server or the local emulator. By default it writes to a local folder
 * (./repo-metrics-data) and nothing to the repository; `--store github` commits to the data branch
 * and notifies, as the action does.
 *
 * Exit codes (EXIT): 0 done; 1 the run failed; 2 invalid arguments; 3 done, but the request budget
 * ran out before the history was fully read (the report is partial: run again to resume).
 */
import { createGitHubClient } from './github/client.js'
import { withHeadings } from './log.js'
import { createIssueNotifier } from './notify/notifier.js'
import { createGitHubHistory } from './pipeline/github-history.js'
import { runReport, type ReportOutcome } from './pipeline/report.js'
import { parseSettings } from './settings.js'
import type { Settings } from './settings-types.js'
import { DEFAULT_API_URL, deriveUrls, parseBoolean, trimUrl } from './settings/checks.js'
import { parseArgs, type CliArgs } from './cli/args.js'
import { describeFailure, type FailureContext } from './cli/failure.js'
import { EXIT, HELP } from './cli/help.js'
import { cliMessage } from './cli/messages.js'
import {
  chooseStore,
  createStore,
  describeWrites,
  storeFolderProblem,
  type StoreChoice
} from './cli/store.js'
import { terminalLogger, type TerminalLogger } from './cli/terminal.js'
import { ORG_ONLY_FLAGS, orgAlias, runOrgCommand } from './cli/org.js'
import { GITHUB_STORE } from './cli/args.js'

export { CLI_OPTIONS, DEFAULT_STORE_DIR, parseArgs, type CliArgs } from './cli/args.js'
export { EXIT, HELP } from './cli/help.js'
export { cliMessage } from './cli/messages.js'
/** Derived URLs for github.com and GitHub Enterprise Server (https://HOST/api/v3); see settings/checks.ts. */
export { deriveUrls }

/** Where the command's output goes and what a relative --store is relative to (tests pass their own). */
export interface CliIo {
  stdout: { write(text: string): unknown }
  stderr: { write(text: string): unknown; isTTY?: boolean; columns?: number }
  /** Default: process.cwd(). */
  cwd?: string
}

const processIo = (): CliIo => ({ stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() })

type Checked =
  | { ok: true; settings: Settings; store: StoreChoice; context: FailureContext }
  | { ok: false; problems: string[] }

/** Arguments, settings and the store folder, every problem at once. */
function check(args: CliArgs, env: NodeJS.ProcessEnv, cwd: string): Checked {
  const problems = [...args.problems]
  const org = args.command === 'org'
  if (args.command !== 'report' && !org)
    problems.push(`Unknown command '${args.command ?? ''}': the command is 'report' or 'org'.`)
  if (org && !args.inputs.organization)
    problems.push("Option --org is required: give the organization's login, e.g. 'octo-org'.")
  if (!args.repo && (!org || args.store === GITHUB_STORE))
    problems.push(
      org
        ? 'Option --repo is required with --store github: give the metrics repository (where the central data branch and the issue go) as OWNER/NAME.'
        : "Option --repo is required: give the repository as OWNER/NAME, e.g. 'octo-org/octo-repo'."
    )
  if (!org) {
    for (const name of ORG_ONLY_FLAGS.filter((n) => args.inputs[n] !== undefined))
      problems.push(
        `Option --${name} is for the org command: run 'repo-metrics org --org NAME …', or leave it out.`
      )
  }
  if (args.storeGiven && !args.store.trim())
    problems.push("Option --store is empty: give a folder, or 'github' for the repository's data branch.")

  const store = chooseStore(args, cwd)
  const inputs: Record<string, string> = {
    ...args.inputs,
    token: args.inputs.token ?? env.GITHUB_TOKEN ?? env.GH_TOKEN ?? '',
    mode: org ? 'org' : 'report'
  }
  // a folder store has no issue to open
  if (org && store.kind === 'folder') inputs['org-notify'] = 'none'
  if (store.kind === 'folder') {
    if (inputs.notify !== undefined && parseBoolean(inputs.notify) === true) {
      problems.push(
        'Option --notify opens an issue on the repository, which only --store github does: a local folder ' +
          'store has no notification issue. Add --store github, or leave out --notify.'
      )
    }
    inputs.notify = 'false'
  }
  const apiUrl = trimUrl(args.apiUrl ?? env.GITHUB_API_URL ?? DEFAULT_API_URL)
  const derived = deriveUrls(apiUrl)
  const parsed = parseSettings((name) => inputs[name] ?? '', {
    // the org command on a folder names no metrics repository: the organization's stands in for links
    GITHUB_REPOSITORY:
      args.repo ??
      (org && args.inputs.organization ? `${args.inputs.organization}/${args.inputs.organization}` : ''),
    GITHUB_API_URL: apiUrl,
    GITHUB_GRAPHQL_URL: args.graphqlUrl ?? derived.graphqlUrl,
    GITHUB_SERVER_URL: args.serverUrl ?? derived.serverUrl
  })
  if (!parsed.ok) {
    const given = { 'graphql-url': args.graphqlUrl, 'server-url': args.serverUrl }
    problems.push(...parsed.problems.map((problem) => cliMessage(problem, args.repo, given)))
  }
  // The folder is looked at last, and only for an otherwise good command line.
  if (store.kind === 'folder' && problems.filter(Boolean).length === 0) {
    const problem = storeFolderProblem(store)
    if (problem) problems.push(problem)
  }
  if (problems.filter(Boolean).length > 0 || !parsed.ok)
    return { ok: false, problems: problems.filter(Boolean) }
  const { settings } = parsed
  return {
    ok: true,
    settings,
    store,
    context: {
      apiUrl: settings.apiUrl,
      graphqlUrl: settings.graphqlUrl,
      graphqlGiven: args.graphqlUrl !== null,
      repository: `${settings.repository.owner}/${settings.repository.repo}`,
      storeDir: store.kind === 'folder' ? store.dir : null
    }
  }
}

/** The run's result on stdout: where the report is, the issue, the requests; or, with --json, the snapshot. */
function printOutcome(
  io: CliIo,
  args: CliArgs,
  checked: Extract<Checked, { ok: true }>,
  outcome: ReportOutcome,
  requests: number
): void {
  if (args.json) {
    io.stdout.write(`${JSON.stringify(outcome.snapshot, null, 2)}\n`)
    return
  }
  const { settings, store } = checked
  const repository = checked.context.repository
  const where = settings.dryRun
    ? `${outcome.reportPath} (dry-run: not written)`
    : store.kind === 'folder'
      ? `${store.dir}/${outcome.reportPath}`
      : `${outcome.reportPath} on branch ${settings.dataBranch} of ${repository}${outcome.reportUrl ? ` (${outcome.reportUrl})` : ''}`
  io.stdout.write(
    `report ${outcome.period}: ${where}${outcome.issue ? `\nissue: ${outcome.issue.url}` : ''}\n` +
      `API requests: ${requests}${outcome.complete ? '' : ' (partial: run again to resume)'}\n`
  )
}

async function runChecked(
  io: CliIo,
  args: CliArgs,
  env: NodeJS.ProcessEnv,
  checked: Extract<Checked, { ok: true }>
): Promise<number> {
  const { settings, store, context } = checked
  let client: ReturnType<typeof createGitHubClient> | null = null
  const terminal: TerminalLogger = terminalLogger({
    stream: io.stderr,
    env,
    verbose: env.RUNNER_DEBUG === '1',
    requests: () => ({ used: client?.requests().total ?? 0, budget: settings.requestBudget })
  })
  const log = withHeadings(terminal)
  const ticker = terminal.live ? setInterval(() => terminal.tick(), 250) : null
  ticker?.unref?.()
  try {
    log.info(describeWrites(store, settings))
    client = createGitHubClient({
      token: settings.token,
      apiUrl: settings.apiUrl,
      graphqlUrl: settings.graphqlUrl,
      budget: settings.requestBudget,
      log
    })
    if (args.command === 'org') {
      const result = await runOrgCommand(settings, store, io.cwd ?? process.cwd(), client, log)
      terminal.done()
      if (args.json) io.stdout.write(`${JSON.stringify(result.json, null, 2)}\n`)
      else
        io.stdout.write(
          `${result.lines.join('\n')}\nAPI requests: ${client.requests().total + result.readRequests}\n`
        )
      return result.exitPartial ? EXIT.partial : EXIT.ok
    }
    const { owner, repo } = settings.repository
    const github = client
    const history = createGitHubHistory({
      client,
      owner,
      repo,
      apiUrl: settings.apiUrl,
      log,
      onProgress: (progress) => terminal.progress(progress)
    })
    const outcome = await runReport(settings, {
      // The progress line ends with the sync.
      history: { ...history, sync: (request) => history.sync(request).finally(() => terminal.done()) },
      store: createStore(store, settings, client, log),
      notifier:
        store.kind === 'github' && settings.notify
          ? createIssueNotifier({
              octokit: github.octokit,
              owner: settings.issueRepository.owner,
              repo: settings.issueRepository.repo,
              log
            })
          : undefined,
      log,
      now: new Date(),
      writeSummary: async (markdown) => {
        if (settings.dryRun && !args.json) io.stdout.write(`${markdown}\n`)
      }
    })
    terminal.done()
    if (!outcome.complete) {
      log.warning(
        `partial report (exit code ${EXIT.partial}): run the same command again to read the rest of the history.`
      )
    }
    printOutcome(io, args, checked, outcome, client.requests().total)
    return outcome.complete ? EXIT.ok : EXIT.partial
  } catch (error) {
    terminal.done()
    const failure = describeFailure(error, context)
    io.stderr.write(`error: ${failure.message}\n`)
    if (args.json) io.stdout.write(`${JSON.stringify({ error: failure })}\n`)
    return EXIT.failed
  } finally {
    if (ticker) clearInterval(ticker)
  }
}

export async function main(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
  io: CliIo = processIo()
): Promise<number> {
  const args = parseArgs(orgAlias(argv))
  if (args.help || argv.length === 0) {
    ;(args.help ? io.stdout : io.stderr).write(HELP)
    return args.help ? EXIT.ok : EXIT.usage
  }
  const checked = check(args, env, io.cwd ?? process.cwd())
  if (!checked.ok) {
    for (const problem of checked.problems) io.stderr.write(`error: ${problem}\n`)
    io.stderr.write('Run repo-metrics --help for the options.\n')
    if (args.json)
      io.stdout.write(`${JSON.stringify({ error: { kind: 'usage', problems: checked.problems } })}\n`)
    return EXIT.usage
  }
  return runChecked(io, args, env, checked)
}
