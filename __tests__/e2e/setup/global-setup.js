// Jest global setup of the e2e project: rebuilds dist/ first when it is not built from the current
// sources (tools/dist/freshness.ts). Plain JavaScript because Jest loads global setup files outside its
// own module resolution; tsx loads the TypeScript module.
import { tsImport } from 'tsx/esm/api'

export default async function globalSetup(_globalConfig, projectConfig) {
  const { ensureFreshDist } = await tsImport('../../../tools/dist/freshness.ts', import.meta.url)
  ensureFreshDist(projectConfig.rootDir)
}
