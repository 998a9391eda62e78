/**
 * `PUT /repos/{owner}/{repo}/contents/{path}` on the emulator answers as GitHub does: a commit on the
 * branch head for a new file (201, `file-commit`), 200 for a replaced one with its `sha`, 422 when
 * the path exists and no `sha` is sent, 409 for a `sha` that is not the file's or when the branch
 * moved meanwhile, 404 for a missing branch or repository, 403 with a read-only token; never a
 * forced ref update.
 */
import { rest, useStrictEmulator } from './helpers.js'
import { openapiErrors } from './openapi.js'

const ROUTE = '/repos/{owner}/{repo}/contents/{path}'
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64')

const env = useStrictEmulator()

let branches = 0
/** A data branch with one file on it; returns its name and head. */
function branch(): { name: string; head: string } {
  const name = `data-${++branches}`
  const head = env.git.commitFiles(name, { 'meta.json': '{}\n' }, 'seed')
  return { name, head }
}

const put = (path: string, body: Record<string, unknown>, repo = 'acme/widgets') =>
  rest(env.emu, 'PUT', `/repos/${repo}/contents/${path}`, body)

describe('PUT contents', () => {
  it('creates a new file with one commit on the branch head (201, file-commit)', async () => {
    const { name, head } = branch()
    const res = await put('inbox/a.json', { message: 'Add a', content: b64('{"a":1}\n'), branch: name })
    expect(res.status).toBe(201)
    expect(openapiErrors(ROUTE, 'PUT', 201, res.body)).toEqual([])
    expect(res.body.content.path).toBe('inbox/a.json')
    expect(res.body.commit.parents.map((p: { sha: string }) => p.sha)).toEqual([head])
    expect(env.git.getRef(`refs/heads/${name}`)).toBe(res.body.commit.sha)
    expect(env.git.readFile(name, 'inbox/a.json')).toBe('{"a":1}\n')
    // the other files are kept
    expect(env.git.readFile(name, 'meta.json')).toBe('{}\n')
  })

  it('refuses an existing path without sha (422) and with another sha (409), replaces with its sha (200)', async () => {
    const { name } = branch()
    const first = await put('inbox/b.json', { message: 'Add b', content: b64('one'), branch: name })
    expect(first.status).toBe(201)
    const head = env.git.getRef(`refs/heads/${name}`)

    const again = await put('inbox/b.json', { message: 'Add b', content: b64('two'), branch: name })
    expect(again.status).toBe(422)
    expect(again.body.message).toBe('Invalid request.\n\n"sha" wasn\'t supplied.')
    expect(openapiErrors(ROUTE, 'PUT', 422, again.body)).toEqual([])

    const stale = await put('inbox/b.json', {
      message: 'Change b',
      content: b64('two'),
      branch: name,
      sha: 'f'.repeat(40)
    })
    expect(stale.status).toBe(409)
    expect(stale.body.message).toBe(`inbox/b.json does not match ${'f'.repeat(40)}`)
    expect(env.git.getRef(`refs/heads/${name}`)).toBe(head)
    expect(env.git.readFile(name, 'inbox/b.json')).toBe('one')

    const replaced = await put('inbox/b.json', {
      message: 'Change b',
      content: b64('two'),
      branch: name,
      sha: first.body.content.sha
    })
    expect(replaced.status).toBe(200)
    expect(openapiErrors(ROUTE, 'PUT', 200, replaced.body)).toEqual([])
    expect(env.git.readFile(name, 'inbox/b.json')).toBe('two')
  })

  it('answers 404 for a missing branch or repository and 422 without message or content', async () => {
    const missing = await put('inbox/c.json', { message: 'm', content: b64('x'), branch: 'no-such-branch' })
    expect(missing.status).toBe(404)
    expect(missing.body.message).toBe('Branch no-such-branch not found')
    expect(env.git.getRef('refs/heads/no-such-branch')).toBeUndefined()

    const { name } = branch()
    const otherRepo = await put(
      'inbox/c.json',
      { message: 'm', content: b64('x'), branch: name },
      'acme/nope'
    )
    expect(otherRepo.status).toBe(404)

    expect((await put('inbox/c.json', { content: b64('x'), branch: name })).status).toBe(422)
    expect((await put('inbox/c.json', { message: 'm', branch: name })).status).toBe(422)
    expect(env.git.readFile(name, 'inbox/c.json')).toBeNull()
  })

  it('answers 409 when another writer moves the branch meanwhile, and never forces', async () => {
    const { name } = branch()
    const forcedBefore = (env.git as unknown as { forcedUpdates: number }).forcedUpdates
    // the next ref update first sees another writer's commit land on the branch
    env.git.raceNextRefUpdate()
    const raced = await put('inbox/d.json', { message: 'Add d', content: b64('d'), branch: name })
    expect(raced.status).toBe(409)
    expect(raced.body.message).toMatch(/^refs\/heads\/data-\d+ is at [0-9a-f]{40} but expected [0-9a-f]{40}$/)
    expect(env.git.readFile(name, 'inbox/d.json')).toBeNull()
    // tried again on the new head, it lands on top of the other writer's commit
    const retried = await put('inbox/d.json', { message: 'Add d', content: b64('d'), branch: name })
    expect(retried.status).toBe(201)
    expect(env.git.getCommit(retried.body.commit.sha)?.parents).toHaveLength(1)
    expect(env.git.getCommit(env.git.getCommit(retried.body.commit.sha)!.parents[0])?.message).toBe(
      'concurrent writer'
    )
    expect((env.git as unknown as { forcedUpdates: number }).forcedUpdates).toBe(forcedBefore)
  })

  it('is refused with a read-only token (403)', async () => {
    const { name } = branch()
    env.emu.setFaults(['read-only-token'])
    try {
      const res = await put('inbox/e.json', { message: 'Add e', content: b64('e'), branch: name })
      expect(res.status).toBe(403)
    } finally {
      env.emu.setFaults([])
    }
    expect(env.git.readFile(name, 'inbox/e.json')).toBeNull()
  })
})
