/**
 * Jest global setup of the e2e project: the e2e tests run dist/, so dist/ is rebuilt first whenever it
 * is not built from the current sources (see tools/dist/freshness.ts). In CI, check-dist runs after
 * the tests, so a rebuilt dist/ that differs from the committed one still fails the build.
 */
import { spawnSync } from 'node:child_process'
import { distState, recordDist } from '../../../tools/dist/freshness.js'

export default function globalSetup(_global: unknown, project: { rootDir?: string }): void {
  const root = project?.rootDir ?? process.cwd()
  const state = distState(root)
  if (state.fresh) return
  console.log(`\ndist/ is stale (${state.reason}): rebuilding it with npm run bundle before the e2e tests.`)
  const env = { ...process.env }
  delete env.NODE_OPTIONS // jest's --experimental-vm-modules is not for the bundler
  const build = spawnSync('npm', ['run', 'bundle'], { cwd: root, env, stdio: 'inherit' })
  if (build.status !== 0) {
    throw new Error(
      `dist/ is stale (${state.reason}) and npm run bundle failed ` +
        `(${build.error?.message ?? `exit ${build.status ?? build.signal}`}): fix the build, then run npm run bundle.`
    )
  }
  recordDist(root)
  const after = distState(root)
  if (!after.fresh) throw new Error(`dist/ is still stale after npm run bundle (${after.reason}).`)
}
