/**
 * `tsx tools/release/notes.ts --tag vX.Y.Z --out FILE` (the release workflow): checks that the tag is
 * package.json's version, writes the release notes' head (GitHub appends the generated list of
 * changes), and, under Actions, sets the outputs `version`, `major` (e.g. `v1`) and `prerelease`.
 */
import { appendFileSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseNotices } from './licenses.js'

export interface ReleaseVersion {
  version: string
  /** The major tag this release moves, e.g. `v1`. */
  major: string
  /** A version with a pre-release part (1.2.0-rc.1): published as a pre-release, the major tag stays. */
  prerelease: boolean
}

const TAG = /^v(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?$/

/** The release a tag names; throws when the tag is not vMAJOR.MINOR.PATCH or not package.json's version. */
export function releaseVersion(tag: string, packageVersion: string): ReleaseVersion {
  const match = TAG.exec(tag)
  if (!match)
    throw new Error(
      `The tag '${tag}' is not a release tag: release tags are vMAJOR.MINOR.PATCH, e.g. v1.2.0.`
    )
  if (tag !== `v${packageVersion}`)
    throw new Error(
      `The tag '${tag}' is not package.json's version (${packageVersion}): run npm version ${tag.slice(1)} ` +
        'and push the commit and tag it makes (git push --follow-tags).'
    )
  return { version: packageVersion, major: `v${match[1]}`, prerelease: match[4] !== undefined }
}

export interface NotesFacts {
  repository: string
  release: ReleaseVersion
  /** Bytes of dist/index.js. */
  bundleBytes: number
  /** Packages named in dist/licenses.txt. */
  licensed: number
}

/** The head of the release notes: how to use this release. */
export function releaseNotes(facts: NotesFacts): string {
  const { repository, release } = facts
  const tag = `v${release.version}`
  const tarball = `repo-metrics-report-${release.version}.tgz`
  return [
    '## Use this release',
    '',
    '```yaml',
    `- uses: ${repository}@${tag}`,
    '```',
    '',
    release.prerelease
      ? `This is a pre-release: \`@${release.major}\` does not move to it.`
      : `\`@${release.major}\` now points here too: workflows that use \`${repository}@${release.major}\` get this release.`,
    '',
    `Command line: download \`${tarball}\` below, then \`npm install ./${tarball}\` and \`npx repo-metrics --help\`.`,
    '',
    `The action and the command run one bundle, \`dist/index.js\` (${(facts.bundleBytes / 1e6).toFixed(2)} MB); ` +
      `\`dist/licenses.txt\` holds the licences of the ${facts.licensed} packages bundled in it.`,
    ''
  ].join('\n')
}

function option(argv: string[], name: string): string {
  const at = argv.indexOf(name)
  const value = at >= 0 ? argv[at + 1] : undefined
  if (!value) throw new Error(`usage: tsx tools/release/notes.ts --tag vX.Y.Z --out FILE (missing ${name})`)
  return value
}

const entry = process.argv[1] ?? ''
if (/release[\\/]notes\.(ts|js)$/.test(entry)) {
  try {
    const argv = process.argv.slice(2)
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }
    const release = releaseVersion(option(argv, '--tag'), pkg.version)
    const notes = releaseNotes({
      repository: process.env.GITHUB_REPOSITORY || 'repo-metrics-report/repo-metrics-report',
      release,
      bundleBytes: statSync(join('dist', 'index.js')).size,
      licensed: parseNotices(readFileSync(join('dist', 'licenses.txt'), 'utf8')).length
    })
    writeFileSync(option(argv, '--out'), notes)
    if (process.env.GITHUB_OUTPUT)
      appendFileSync(
        process.env.GITHUB_OUTPUT,
        `version=${release.version}\nmajor=${release.major}\nprerelease=${release.prerelease}\n`
      )
    console.log(
      `release ${release.version}: major tag ${release.major}${release.prerelease ? ' (pre-release)' : ''}`
    )
  } catch (error) {
    console.error(`::error::${(error as Error).message}`)
    process.exit(1)
  }
}
