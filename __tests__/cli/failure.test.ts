import { describeFailure, type FailureContext } from '../../src/cli/failure.js'

const ghes: FailureContext = {
  apiUrl: 'https://ghe.example.com/api/v3',
  graphqlUrl: 'https://ghe.example.com/api/graphql',
  graphqlGiven: false,
  repository: 'team/app',
  storeDir: '/data/metrics'
}

/** The shape of octokit's RequestError (name HttpError, status, request, response when answered). */
function httpError(
  message: string,
  status: number,
  fields: { request: object; response?: object; cause?: unknown }
) {
  return Object.assign(new Error(message), { name: 'HttpError', status, ...fields })
}

/** What octokit throws for a fetch that got no answer: a 500 whose cause is undici's "fetch failed". */
function unanswered(cause: Error, url = 'https://ghe.example.com/api/graphql', message = cause.message) {
  const fetchFailed = Object.assign(new TypeError('fetch failed'), { cause })
  return httpError(message, 500, { request: { method: 'POST', url, headers: {} }, cause: fetchFailed })
}

const coded = (message: string, code: string) => Object.assign(new Error(message), { code })

describe('failures without an answer', () => {
  it('a connect timeout with an empty message (the old bare "error: ") names host, port and flag', () => {
    const aggregate = Object.assign(
      new AggregateError([coded('connect ETIMEDOUT 10.1.1.1:443', 'ETIMEDOUT')], ''),
      {
        code: 'ETIMEDOUT'
      }
    )
    expect(describeFailure(unanswered(aggregate, undefined, ''), ghes)).toEqual({
      kind: 'network',
      message:
        'Cannot reach the GitHub API at https://ghe.example.com/api/v3: ghe.example.com port 443 did not answer in time (ETIMEDOUT). Check the host and port in --api-url, and any proxy or firewall on the way.'
    })
  })

  it('an untrusted certificate: says how to trust it', () => {
    const failure = describeFailure(
      unanswered(coded('self-signed certificate in certificate chain', 'SELF_SIGNED_CERT_IN_CHAIN')),
      ghes
    )
    expect(failure).toEqual({
      kind: 'network',
      message:
        'The TLS connection to ghe.example.com port 443 failed (SELF_SIGNED_CERT_IN_CHAIN: self-signed certificate in certificate chain). For a server with a private certificate authority set NODE_EXTRA_CA_CERTS to its certificate; for a plain-http server use http:// in --api-url.'
    })
  })

  it('a reset connection: names the endpoint and --graphql-url when that was given', () => {
    const failure = describeFailure(unanswered(coded('read ECONNRESET', 'ECONNRESET')), {
      ...ghes,
      graphqlGiven: true
    })
    expect(failure.message).toBe(
      'The connection to the GitHub GraphQL endpoint at https://ghe.example.com/api/graphql was closed before GitHub answered (ECONNRESET). Try again; if the server speaks plain http, use http:// in --graphql-url.'
    )
  })
})

describe('GitHub answers', () => {
  const answered = (status: number, message: string, url: string, headers: Record<string, string> = {}) =>
    httpError(message, status, {
      request: { method: 'GET', url, headers: {} },
      response: { status, url, headers, data: { message } }
    })

  it('403: says which permissions the token needs', () => {
    const failure = describeFailure(
      answered(
        403,
        'Resource not accessible by integration',
        'https://ghe.example.com/api/v3/repos/team/app/git/refs'
      ),
      ghes
    )
    expect(failure).toEqual({
      kind: 'forbidden',
      message:
        'GitHub refused for GET /api/v3/repos/team/app/git/refs (403: Resource not accessible by integration): the token lacks a permission. Reading needs contents, pull-requests and issues: read; --store github also needs contents: write and issues: write.'
    })
  })

  it('a REST 404: names the repository, the token and the API URL', () => {
    const failure = describeFailure(
      answered(404, 'Not Found', 'https://ghe.example.com/api/v3/repos/team/app'),
      ghes
    )
    expect(failure.message).toBe(
      'GitHub answered 404 Not Found for GET /api/v3/repos/team/app (Not Found). Check --repo team/app, that the token can read it, and --api-url https://ghe.example.com/api/v3.'
    )
  })
})

describe('store folder failures during the run', () => {
  const fsError = (code: string, path: string) =>
    Object.assign(new Error(`${code}: operation failed, open '${path}'`), {
      code,
      path,
      syscall: 'open',
      errno: -1
    })

  it.each([
    ['ENOTDIR', 'a part of that path is a file, not a folder (ENOTDIR). Give --store a folder.'],
    ['EACCES', 'permission denied (EACCES). Give a folder you can write with --store.'],
    ['EROFS', 'the file system is read-only (EROFS). Give a folder you can write with --store.'],
    ['ENOSPC', 'the disk is full (ENOSPC). Free some space or give --store another folder.']
  ])('%s: names the file and the folder', (code, why) => {
    expect(describeFailure(fsError(code, '/data/metrics/meta.json'), ghes)).toEqual({
      kind: 'store',
      message: `Cannot write /data/metrics/meta.json in the store folder /data/metrics: ${why}`
    })
  })
})

describe('anything else', () => {
  it('keeps a plain message, and never gives an empty one', () => {
    expect(describeFailure(new Error('Repository team/app was not found.'), ghes)).toEqual({
      kind: 'failed',
      message: 'Repository team/app was not found.'
    })
    expect(describeFailure(coded('', 'ESOMETHING'), ghes).message).toBe(
      'Error (ESOMETHING) with no message. Run again with RUNNER_DEBUG=1 for details.'
    )
    expect(describeFailure('thrown text', ghes).message).toBe('thrown text')
  })
})
