/** Where the report goes and what renders it: the reports branch and folder, and the templates. */
import type { Settings } from '../settings-types.js'
import type { InputReader } from './context.js'

export type RenderingSettings = Pick<Settings, 'reportsBranch' | 'reportsPath' | 'template' | 'issueTemplate'>

export function readRendering(ctx: InputReader, dataBranch: string): RenderingSettings {
  return {
    reportsBranch: ctx.branch('reports-branch') || dataBranch,
    reportsPath: ctx.path('reports-path'),
    template: ctx.path('template') || null,
    issueTemplate: ctx.path('issue-template') || null
  }
}
