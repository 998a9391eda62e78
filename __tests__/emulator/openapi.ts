/** Validates emulator REST responses against GitHub's OpenAPI description (@octokit/openapi) with ajv. */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { Ajv, type ValidateFunction } from 'ajv'
import addFormatsModule from 'ajv-formats'

type Spec = {
  paths: Record<
    string,
    Record<string, { responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>
  >
  components: unknown
}

let spec: Spec | undefined
let ajv: Ajv | undefined
const compiled = new Map<string, ValidateFunction>()

function load(): { spec: Spec; ajv: Ajv } {
  if (!spec || !ajv) {
    spec = JSON.parse(
      readFileSync(
        resolve(process.cwd(), 'node_modules/@octokit/openapi/generated/api.github.com.json'),
        'utf8'
      )
    ) as Spec
    ajv = new Ajv({ strict: false, allErrors: true })
    const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
      addFormatsModule) as (a: Ajv) => void
    addFormats(ajv)
    ajv.addSchema({ $id: 'github', components: withoutNullable(spec.components) })
  }
  return { spec, ajv }
}

/** OpenAPI 3.0 `nullable: true` as JSON Schema (ajv accepts `nullable` only beside `type`). */
function withoutNullable(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutNullable)
  if (!node || typeof node !== 'object') return node
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(node))
    out[k] = k === 'properties' || k === 'schemas' ? mapValues(v) : withoutNullable(v)
  if (out.nullable === true) {
    delete out.nullable
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null]
    if (typeof out.type === 'string') out.type = [out.type, 'null']
    else if (out.type === undefined) return { anyOf: [out, { type: 'null' }] }
  }
  return out
}

function mapValues(v: unknown): unknown {
  if (!v || typeof v !== 'object') return v
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, withoutNullable(x)]))
}

/** Errors (empty when valid) of `body` against `paths[route][method].responses[status]`. */
export function openapiErrors(route: string, method: string, status: number, body: unknown): string[] {
  const { spec, ajv } = load()
  const key = `${method} ${route} ${status}`
  let validate = compiled.get(key)
  if (!validate) {
    const op = spec.paths[route]?.[method.toLowerCase()]
    if (!op) throw new Error(`OpenAPI has no ${method} ${route}`)
    let response = op.responses[String(status)] as {
      $ref?: string
      content?: Record<string, { schema: unknown }>
    }
    if (response?.$ref) {
      const name = response.$ref.replace('#/components/responses/', '')
      response = (spec.components as { responses: Record<string, typeof response> }).responses[name]
    }
    if (!response) throw new Error(`OpenAPI ${method} ${route} has no ${status} response`)
    const schema = response.content?.['application/json']?.schema
    if (!schema) throw new Error(`OpenAPI ${method} ${route} ${status} has no JSON schema`)
    const rewritten = JSON.parse(
      JSON.stringify(withoutNullable(schema)).replace(/"#\/components\//g, '"github#/components/')
    )
    validate = ajv.compile(rewritten)
    compiled.set(key, validate)
  }
  if (validate(body)) return []
  return (validate.errors ?? [])
    .slice(0, 8)
    .map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`)
}
