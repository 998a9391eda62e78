/**
 * Where the run reads and writes: the token, the repository and API endpoints from the runner's
 * environment, and the data branch.
 */
import type { Settings } from '../settings-types.js'
import {
  DEFAULT_API_URL,
  DEFAULT_SERVER_URL,
  defaultGraphqlUrl,
  isHttpUrl,
  parseRepoRef,
  trimUrl
} from './checks.js'
import type { InputReader } from './context.js'

export type ConnectionSettings = Pick<
  Settings,
  'token' | 'repository' | 'apiUrl' | 'graphqlUrl' | 'serverUrl' | 'dataBranch'
>

/** The token: required, and its value never appears in a message. */
function readToken(ctx: InputReader): string {
  const token = ctx.raw('token')
  if (!token) {
    ctx.note({
      input: 'token',
      value: '',
      message:
        "Input 'token' is empty. Leave it unset to use the workflow's token (`${{ github.token }}`), or pass a token from a secret such as `${{ secrets.METRICS_TOKEN }}`."
    })
  } else if (/\s/.test(token)) {
    ctx.note({
      input: 'token',
      value: '***',
      message: "Input 'token' contains whitespace, so it is not a token. Check the secret it comes from."
    })
  }
  return token
}

function urlFromEnv(ctx: InputReader, name: string, fallback: string): string {
  const text = (ctx.env[name] ?? '').trim()
  if (!text) return fallback
  if (!isHttpUrl(text)) {
    ctx.envProblem(name, text, 'is not an http(s) URL', `Set it to a URL such as ${fallback}, or unset it.`)
    return fallback
  }
  return trimUrl(text)
}

export function readConnection(ctx: InputReader): ConnectionSettings {
  const token = readToken(ctx)
  const repositoryText = (ctx.env.GITHUB_REPOSITORY ?? '').trim()
  const repository = parseRepoRef(repositoryText)
  if (!repository) {
    ctx.envProblem(
      'GITHUB_REPOSITORY',
      repositoryText,
      'is not in the form owner/name',
      'The Actions runner sets it; when running elsewhere set it to the repository, such as octo-org/octo-repo.'
    )
  }
  const apiUrl = urlFromEnv(ctx, 'GITHUB_API_URL', DEFAULT_API_URL)
  return {
    token,
    repository: repository ?? { owner: '', repo: '' },
    apiUrl,
    graphqlUrl: urlFromEnv(ctx, 'GITHUB_GRAPHQL_URL', defaultGraphqlUrl(apiUrl)),
    serverUrl: urlFromEnv(ctx, 'GITHUB_SERVER_URL', DEFAULT_SERVER_URL),
    dataBranch: ctx.branch('data-branch')
  }
}
