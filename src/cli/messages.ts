/** Settings problems in the command line's own terms: flags and environment tokens, not inputs and runner variables. */

/** A settings problem as the command line says it; '' when another message already covers it. */
export function cliMessage(
  problem: { input: string; value: string; message: string },
  repo: string | null,
  given: Partial<Record<'graphql-url' | 'server-url', string | null>> = {}
): string {
  switch (problem.input) {
    case 'token':
      return problem.value
        ? 'The token contains whitespace, so it is not a token. Check --token, $GITHUB_TOKEN or $GH_TOKEN.'
        : 'No GitHub token: pass --token, or set $GITHUB_TOKEN or $GH_TOKEN.'
    case 'GITHUB_REPOSITORY':
      // A missing --repo is reported once, by the command line itself.
      return repo
        ? `Option --repo has the value '${repo}', which is not in the form OWNER/NAME, e.g. 'octo-org/octo-repo'.`
        : ''
    case 'GITHUB_API_URL':
      return `Option --api-url has the value '${problem.value}', which is not an http(s) URL such as https://api.github.com.`
    case 'GITHUB_GRAPHQL_URL':
    case 'GITHUB_SERVER_URL': {
      // Derived from --api-url unless given; a bad --api-url is reported once, above.
      const flag = problem.input === 'GITHUB_GRAPHQL_URL' ? 'graphql-url' : 'server-url'
      return given[flag]
        ? `Option --${flag} has the value '${problem.value}', which is not an http(s) URL.`
        : ''
    }
    default:
      return problem.message.replace(/^Input '([^']+)'/, 'Option --$1')
  }
}
