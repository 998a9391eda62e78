/**
 * GitHub's Git Data REST API (`/repos/{owner}/{repo}/git/...`) over a GitStore. Response bodies
 * follow GitHub's OpenAPI description; errors are `{ message, documentation_url }` with GitHub's
 * status codes and messages.
 */
import type { EmulatorRequest, EmulatorResponse } from '../types.js'
import { GitError, type GitStore, type PathChange, type TreeMode, qualify, typeOfMode } from './objects.js'

const DOCS = 'https://docs.github.com/rest/git'
const MODES: TreeMode[] = ['100644', '100755', '040000', '160000', '120000']
const SHA = /^[0-9a-f]{40}$/i

function error(status: number, message: string, page: string): EmulatorResponse {
  return { status, body: { message, documentation_url: `${DOCS}/${page}`, status: String(status) } }
}

function notFound(page: string): EmulatorResponse {
  return error(404, 'Not Found', page)
}

function repoUrl(req: EmulatorRequest): string {
  return `${req.baseUrl}/repos/${req.owner}/${req.repo}`
}

function htmlUrl(req: EmulatorRequest): string {
  return `${req.baseUrl}/${req.owner}/${req.repo}`
}

function nodeId(kind: string, sha: string): string {
  return Buffer.from(`${kind}:${sha}`, 'utf8').toString('base64').replace(/=+$/, '')
}

function asObject(body: unknown): Record<string, unknown> {
  return body !== null && typeof body === 'object' && !Array.isArray(body)
    ? (body as Record<string, unknown>)
    : {}
}

function blobBody(git: GitStore, req: EmulatorRequest, sha: string) {
  const content = git.getBlob(sha) as Buffer
  // GitHub wraps base64 content at 60 characters per line
  const base64 = content.toString('base64').replace(/(.{60})/g, '$1\n')
  return {
    sha,
    node_id: nodeId('Blob', sha),
    size: content.length,
    url: `${repoUrl(req)}/git/blobs/${sha}`,
    content: base64,
    encoding: 'base64'
  }
}

function treeResponse(git: GitStore, req: EmulatorRequest, sha: string, recursive: boolean) {
  const entries = recursive
    ? git.walkTree(sha)
    : (git.getTree(sha) ?? []).map((e) => ({
        path: e.name,
        mode: e.mode,
        type: typeOfMode(e.mode),
        sha: e.sha
      }))
  return {
    sha,
    url: `${repoUrl(req)}/git/trees/${sha}`,
    tree: entries.map((e) => ({
      path: e.path,
      mode: e.mode,
      type: e.type,
      sha: e.sha,
      ...(e.type === 'blob' ? { size: git.sizeOf(e.sha) } : {}),
      url: `${repoUrl(req)}/git/${e.type === 'tree' ? 'trees' : e.type === 'blob' ? 'blobs' : 'commits'}/${e.sha}`
    })),
    truncated: false
  }
}

function commitResponse(git: GitStore, req: EmulatorRequest, sha: string) {
  const commit = git.getCommit(sha)
  if (!commit) return undefined
  return {
    sha,
    node_id: nodeId('Commit', sha),
    url: `${repoUrl(req)}/git/commits/${sha}`,
    html_url: `${htmlUrl(req)}/commit/${sha}`,
    author: { ...commit.author },
    committer: { ...commit.committer },
    tree: { sha: commit.tree, url: `${repoUrl(req)}/git/trees/${commit.tree}` },
    message: commit.message,
    parents: commit.parents.map((p) => ({
      sha: p,
      url: `${repoUrl(req)}/git/commits/${p}`,
      html_url: `${htmlUrl(req)}/commit/${p}`
    })),
    verification: { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null }
  }
}

function refResponse(git: GitStore, req: EmulatorRequest, ref: string, sha: string) {
  const type = git.getObject(sha)?.type ?? 'commit'
  return {
    ref,
    node_id: nodeId('Ref', ref),
    url: `${repoUrl(req)}/git/${ref}`,
    object: { type, sha, url: `${repoUrl(req)}/git/${type}s/${sha}` }
  }
}

function decodeRef(raw: string): string {
  return raw
    .split('/')
    .map((p) => decodeURIComponent(p))
    .join('/')
}

/**
 * Handles one Git Data API request; undefined when the path is not a Git Data route (so the server
 * can try its other routes).
 */
export function handleGitRest(git: GitStore, req: EmulatorRequest): EmulatorResponse | undefined {
  const path = req.path.replace(/\/+$/, '')
  if (!path.startsWith('/git/')) return undefined
  try {
    return route(git, req, path)
  } catch (e) {
    if (e instanceof GitError) return error(e.status, e.message, 'trees/trees')
    throw e
  }
}

function route(git: GitStore, req: EmulatorRequest, path: string): EmulatorResponse | undefined {
  const method = req.method.toUpperCase()
  const body = asObject(req.body)
  let m: RegExpMatchArray | null

  // ---- blobs ----
  if (path === '/git/blobs' && method === 'POST') {
    if (typeof body.content !== 'string')
      return error(422, 'Invalid request.\n\n"content" wasn\'t supplied.', 'blobs#create-a-blob')
    const encoding = body.encoding ?? 'utf-8'
    if (encoding !== 'utf-8' && encoding !== 'utf8' && encoding !== 'base64') {
      return error(422, `encoding must be utf-8 or base64, got ${String(encoding)}`, 'blobs#create-a-blob')
    }
    const content =
      encoding === 'base64' ? Buffer.from(body.content, 'base64') : Buffer.from(body.content, 'utf8')
    const sha = git.writeBlob(content)
    return {
      status: 201,
      body: { url: `${repoUrl(req)}/git/blobs/${sha}`, sha },
      headers: { location: `${repoUrl(req)}/git/blobs/${sha}` }
    }
  }
  if ((m = path.match(/^\/git\/blobs\/([^/]+)$/)) && method === 'GET') {
    const sha = m[1].toLowerCase()
    if (!SHA.test(sha) || !git.getBlob(sha)) return notFound('blobs#get-a-blob')
    return { status: 200, body: blobBody(git, req, sha) }
  }

  // ---- trees ----
  if (path === '/git/trees' && method === 'POST') return createTree(git, req, body)
  if ((m = path.match(/^\/git\/trees\/([^/]+)$/)) && method === 'GET') {
    const raw = decodeURIComponent(m[1])
    const sha = SHA.test(raw) && git.getTree(raw) ? raw.toLowerCase() : treeOfRef(git, raw)
    if (!sha) return notFound('trees#get-a-tree')
    const recursive = req.query.has('recursive') && !['0', 'false'].includes(req.query.get('recursive') ?? '')
    return { status: 200, body: treeResponse(git, req, sha, recursive) }
  }

  // ---- commits ----
  if (path === '/git/commits' && method === 'POST') {
    if (typeof body.message !== 'string')
      return error(422, 'Invalid request.\n\n"message" wasn\'t supplied.', 'commits#create-a-commit')
    if (typeof body.tree !== 'string')
      return error(422, 'Invalid request.\n\n"tree" wasn\'t supplied.', 'commits#create-a-commit')
    const parents = body.parents ?? []
    if (!Array.isArray(parents) || parents.some((p) => typeof p !== 'string')) {
      return error(
        422,
        "Invalid request.\n\nFor 'properties/parents', must be an array of strings.",
        'commits#create-a-commit'
      )
    }
    const sha = git.writeCommit({
      tree: body.tree.toLowerCase(),
      parents: (parents as string[]).map((p) => p.toLowerCase()),
      message: body.message,
      author: asSignature(body.author),
      committer: asSignature(body.committer)
    })
    return {
      status: 201,
      body: commitResponse(git, req, sha),
      headers: { location: `${repoUrl(req)}/git/commits/${sha}` }
    }
  }
  if ((m = path.match(/^\/git\/commits\/([^/]+)$/)) && method === 'GET') {
    const sha = m[1].toLowerCase()
    const response = SHA.test(sha) ? commitResponse(git, req, sha) : undefined
    return response ? { status: 200, body: response } : notFound('commits#get-a-commit-object')
  }

  // ---- refs ----
  if (path === '/git/refs' && method === 'POST') {
    if (typeof body.ref !== 'string')
      return error(422, 'Invalid request.\n\n"ref" wasn\'t supplied.', 'refs#create-a-reference')
    if (typeof body.sha !== 'string')
      return error(422, 'Invalid request.\n\n"sha" wasn\'t supplied.', 'refs#create-a-reference')
    if (!body.ref.startsWith('refs/')) {
      return error(422, "Reference name must start with 'refs/'.", 'refs#create-a-reference')
    }
    git.createRef(body.ref, body.sha)
    return {
      status: 201,
      body: refResponse(git, req, body.ref, body.sha.toLowerCase()),
      headers: { location: `${repoUrl(req)}/git/${body.ref}` }
    }
  }
  if ((m = path.match(/^\/git\/ref\/(.+)$/)) && method === 'GET') {
    const ref = qualify(decodeRef(m[1]))
    const sha = git.getRef(ref)
    return sha ? { status: 200, body: refResponse(git, req, ref, sha) } : notFound('refs#get-a-reference')
  }
  if ((m = path.match(/^\/git\/matching-refs\/(.*)$/)) && method === 'GET') {
    const prefix = qualify(decodeRef(m[1]))
    return { status: 200, body: git.listRefs(prefix).map((r) => refResponse(git, req, r.ref, r.sha)) }
  }
  if ((m = path.match(/^\/git\/refs\/(.+)$/)) && method === 'PATCH') {
    const ref = qualify(decodeRef(m[1]))
    if (typeof body.sha !== 'string')
      return error(422, 'Invalid request.\n\n"sha" wasn\'t supplied.', 'refs#update-a-reference')
    git.updateRef(ref, body.sha, body.force === true)
    return { status: 200, body: refResponse(git, req, ref, body.sha.toLowerCase()) }
  }
  if ((m = path.match(/^\/git\/refs\/(.+)$/)) && method === 'DELETE') {
    git.deleteRef(qualify(decodeRef(m[1])))
    return { status: 204 }
  }
  if ((m = path.match(/^\/git\/refs\/(.+)$/)) && method === 'GET') {
    // the legacy listing form: GET /git/refs/heads → every ref under the prefix
    const prefix = qualify(decodeRef(m[1]))
    const exact = git.getRef(prefix)
    if (exact) return { status: 200, body: refResponse(git, req, prefix, exact) }
    const refs = git.listRefs(`${prefix}/`)
    return refs.length > 0
      ? { status: 200, body: refs.map((r) => refResponse(git, req, r.ref, r.sha)) }
      : notFound('refs#get-a-reference')
  }
  if (path === '/git/refs' && method === 'GET') {
    return { status: 200, body: git.listRefs().map((r) => refResponse(git, req, r.ref, r.sha)) }
  }
  return undefined
}

function treeOfRef(git: GitStore, name: string): string | undefined {
  const commit = git.resolveCommit(name)
  return commit ? git.getCommit(commit)?.tree : undefined
}

function asSignature(value: unknown): { name?: string; email?: string; date?: string } | undefined {
  const v = asObject(value)
  if (Object.keys(v).length === 0) return undefined
  return {
    name: typeof v.name === 'string' ? v.name : undefined,
    email: typeof v.email === 'string' ? v.email : undefined,
    date: typeof v.date === 'string' ? v.date : undefined
  }
}

function createTree(git: GitStore, req: EmulatorRequest, body: Record<string, unknown>): EmulatorResponse {
  const page = 'trees#create-a-tree'
  if (!Array.isArray(body.tree)) return error(422, 'Invalid request.\n\n"tree" wasn\'t supplied.', page)
  let base: string | null = null
  if (body.base_tree !== undefined && body.base_tree !== null) {
    if (typeof body.base_tree !== 'string' || !git.getTree(body.base_tree)) {
      return error(422, 'Invalid tree info: base_tree is not a valid tree', page)
    }
    base = body.base_tree.toLowerCase()
  }
  const changes: PathChange[] = []
  for (const [index, raw] of (body.tree as unknown[]).entries()) {
    const entry = asObject(raw)
    if (typeof entry.path !== 'string' || entry.path === '') {
      return error(422, `Invalid tree info: tree.${index}.path is missing`, page)
    }
    const mode = entry.mode as TreeMode
    if (!MODES.includes(mode))
      return error(422, `Invalid tree info: tree.${index}.mode is not one of ${MODES.join(', ')}`, page)
    const hasContent = entry.content !== undefined
    const hasSha = 'sha' in entry
    if (hasContent && hasSha && entry.sha !== null) {
      return error(422, 'Invalid tree info: use either tree.sha or content, not both', page)
    }
    if (hasContent) {
      if (typeof entry.content !== 'string')
        return error(422, `Invalid tree info: tree.${index}.content must be a string`, page)
      changes.push({ path: entry.path, mode, sha: git.writeBlob(entry.content) })
    } else if (entry.sha === null) {
      changes.push({ path: entry.path, mode, sha: null })
    } else if (typeof entry.sha === 'string') {
      const sha = entry.sha.toLowerCase()
      if (mode !== '160000') {
        const obj = git.getObject(sha)
        if (!obj || obj.type !== typeOfMode(mode))
          return error(
            422,
            `Invalid tree info: tree.sha ${entry.sha} is not a valid ${typeOfMode(mode)}`,
            page
          )
      }
      changes.push({ path: entry.path, mode, sha })
    } else {
      return error(422, `Invalid tree info: tree.${index} needs sha or content`, page)
    }
  }
  const sha = git.buildTree(base, changes)
  return {
    status: 201,
    body: treeResponse(git, req, sha, false),
    headers: { location: `${repoUrl(req)}/git/trees/${sha}` }
  }
}
