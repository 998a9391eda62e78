/** GitHub's public GraphQL schema (from @octokit/graphql-schema), built once per process. */
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildSchema, type GraphQLSchema } from 'graphql'

let built: GraphQLSchema | undefined

function schemaFile(): string {
  const starts = [dirname(fileURLToPath(import.meta.url)), process.cwd()]
  for (const start of starts) {
    let dir = start
    for (;;) {
      const candidate = join(dir, 'node_modules', '@octokit', 'graphql-schema', 'schema.graphql')
      if (existsSync(candidate)) return candidate
      const parent = dirname(dir)
      if (parent === dir) break
      dir = parent
    }
  }
  throw new Error('GitHub GraphQL schema not found: install the dev dependency @octokit/graphql-schema')
}

/**
 * The published SDL repeats two fields of EnterpriseOwnerInfo, which graphql-js' SDL validation
 * refuses; GitHub serves it anyway, so the SDL is taken as valid.
 */
export function githubSchema(): GraphQLSchema {
  built ??= buildSchema(readFileSync(schemaFile(), 'utf8'), { assumeValidSDL: true })
  return built
}
