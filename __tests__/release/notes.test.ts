import { describe, expect, it } from '@jest/globals'
import { releaseNotes, releaseVersion } from '../../tools/release/notes.js'

describe('releaseVersion', () => {
  it('takes the major tag from a release tag that is package.json’s version', () => {
    expect(releaseVersion('v1.2.3', '1.2.3')).toEqual({ version: '1.2.3', major: 'v1', prerelease: false })
    expect(releaseVersion('v2.0.0-rc.1', '2.0.0-rc.1')).toEqual({
      version: '2.0.0-rc.1',
      major: 'v2',
      prerelease: true
    })
  })

  it('refuses a tag that is not vMAJOR.MINOR.PATCH', () => {
    expect(() => releaseVersion('v1', '1.0.0')).toThrow("The tag 'v1' is not a release tag")
    expect(() => releaseVersion('1.0.0', '1.0.0')).toThrow('release tags are vMAJOR.MINOR.PATCH')
  })

  it('refuses a tag that is not package.json’s version, and says how to make one that is', () => {
    expect(() => releaseVersion('v1.1.0', '1.0.0')).toThrow(
      "The tag 'v1.1.0' is not package.json's version (1.0.0): run npm version 1.1.0"
    )
  })
})

describe('releaseNotes', () => {
  const facts = {
    repository: 'octo-org/repo-metrics-report',
    bundleBytes: 5_284_192,
    licensed: 87
  }

  it('says how to use the release, that the major tag moved, and what the bundle holds', () => {
    const notes = releaseNotes({ ...facts, release: releaseVersion('v1.4.0', '1.4.0') })
    expect(notes).toContain('- uses: octo-org/repo-metrics-report@v1.4.0')
    expect(notes).toContain('`@v1` now points here too')
    expect(notes).toContain('npm install ./repo-metrics-report-1.4.0.tgz')
    expect(notes).toContain('(5.28 MB)')
    expect(notes).toContain('the 87 packages bundled in it')
  })

  it('says a pre-release leaves the major tag alone', () => {
    const notes = releaseNotes({ ...facts, release: releaseVersion('v2.0.0-rc.1', '2.0.0-rc.1') })
    expect(notes).toContain('This is a pre-release: `@v2` does not move to it.')
    expect(notes).not.toContain('now points here')
  })
})
