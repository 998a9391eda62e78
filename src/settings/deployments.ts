/** Where deployments come from and which issues are incidents, for the DORA metrics. */
import type { DeploymentSourceSetting, Settings } from '../settings-types.js'
import type { InputReader } from './context.js'

export type DeploymentSettings = Pick<
  Settings,
  'deploymentEnvironment' | 'deploymentSource' | 'incidentLabel'
>

export function parseDeploymentSource(text: string): DeploymentSourceSetting | null {
  if (text === 'auto' || text === 'deployments' || text === 'releases' || text === 'merges') {
    return { kind: text }
  }
  const workflow = /^workflow:(.+)$/.exec(text)
  if (workflow && workflow[1].trim()) return { kind: 'workflow', name: workflow[1].trim() }
  return null
}

export function readDeployments(ctx: InputReader): DeploymentSettings {
  const sourceText = ctx.text('deployment-source')
  const source = parseDeploymentSource(sourceText)
  if (!source) {
    ctx.problem(
      'deployment-source',
      sourceText,
      'is not a deployment source',
      "Use 'auto', 'deployments', 'releases', 'merges' or 'workflow:NAME' (NAME is a workflow's name or file name)."
    )
  }
  return {
    deploymentEnvironment: ctx.text('deployment-environment'),
    deploymentSource: source ?? { kind: 'auto' },
    incidentLabel: ctx.limited('incident-label') || null
  }
}
