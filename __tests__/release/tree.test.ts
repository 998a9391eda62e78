import { describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  dependencyTree,
  hasCode,
  importedPackages,
  inlinedPackages,
  packageOfSpecifier,
  resolveInLock,
  type Lockfile
} from '../../tools/release/tree.js'

const lock: Lockfile = {
  packages: {
    '': { name: 'app', dependencies: { vega: '1' } },
    'node_modules/vega': { version: '6.0.0', dependencies: { 'd3-array': '3', 'vega-sel': '1' } },
    'node_modules/d3-array': { version: '3.2.5' },
    'node_modules/vega-sel': { version: '1.0.0', dependencies: { 'd3-array': '3.2.4' } },
    'node_modules/vega-sel/node_modules/d3-array': {
      version: '3.2.4',
      optionalDependencies: { canvas: '2' }
    },
    'node_modules/@types/estree': { version: '1.0.0', dev: true }
  }
}

describe('packageOfSpecifier and importedPackages', () => {
  it('takes the package name of bare specifiers only', () => {
    expect(packageOfSpecifier('vega-lite/build/src/x.js')).toBe('vega-lite')
    expect(packageOfSpecifier('@actions/core')).toBe('@actions/core')
    expect(packageOfSpecifier('./settings.js')).toBeNull()
    expect(packageOfSpecifier('node:fs')).toBeNull()
    expect(packageOfSpecifier(' : ')).toBeNull()
  })

  it('finds static, type-only, side-effect and dynamic imports', () => {
    const source = [
      "import { DateTime } from 'luxon'",
      "import type { Spec } from 'vega-lite/build/index.js'",
      "import '@actions/core'",
      "const h = await import('handlebars')",
      "import { x } from './local.js'",
      "const text = `a from ' : ' b`"
    ].join('\n')
    expect(importedPackages(source)).toEqual(['@actions/core', 'handlebars', 'luxon', 'vega-lite'])
  })
})

describe('resolveInLock', () => {
  it('finds a nested copy first, then walks up to the hoisted one', () => {
    expect(resolveInLock(lock, 'node_modules/vega-sel', 'd3-array')).toBe(
      'node_modules/vega-sel/node_modules/d3-array'
    )
    expect(resolveInLock(lock, 'node_modules/vega', 'd3-array')).toBe('node_modules/d3-array')
    expect(resolveInLock(lock, '', 'missing')).toBeNull()
  })
})

describe('dependencyTree', () => {
  it('follows dependencies from the roots, with both installed versions, and lists what is not installed', () => {
    const tree = dependencyTree(lock, ['vega'])
    expect(tree.packages.map((p) => `${p.path}@${p.version}`).sort()).toEqual([
      'node_modules/d3-array@3.2.5',
      'node_modules/vega-sel/node_modules/d3-array@3.2.4',
      'node_modules/vega-sel@1.0.0',
      'node_modules/vega@6.0.0'
    ])
    expect(tree.packages.find((p) => p.path.endsWith('vega-sel/node_modules/d3-array'))?.name).toBe(
      'd3-array'
    )
    expect(tree.missing).toEqual(['canvas'])
  })
})

describe('inlinedPackages', () => {
  it('resolves inlined packages beside their bundled host, and names a host that is not bundled', () => {
    const result = inlinedPackages(lock, [{ name: 'vega-sel', path: 'node_modules/vega-sel' }], {
      'vega-sel': ['d3-array'],
      gone: ['x']
    })
    expect(result.packages).toEqual([
      {
        path: 'node_modules/vega-sel/node_modules/d3-array',
        name: 'd3-array',
        version: '3.2.4',
        host: 'vega-sel'
      }
    ])
    expect(result.problems).toEqual([
      'INLINED names gone, which is not in the bundle: remove it from tools/release/tree-notes.ts.'
    ])
  })
})

describe('hasCode', () => {
  it('is false for a package of type declarations and true once it has JavaScript', () => {
    const dir = mkdtempSync(join(tmpdir(), 'has-code-'))
    try {
      mkdirSync(join(dir, 'types'))
      writeFileSync(join(dir, 'types', 'index.d.ts'), 'export {}')
      mkdirSync(join(dir, 'node_modules', 'dep'), { recursive: true })
      writeFileSync(join(dir, 'node_modules', 'dep', 'index.js'), '')
      expect(hasCode(dir)).toBe(false)
      writeFileSync(join(dir, 'types', 'helper.mjs'), '')
      expect(hasCode(dir)).toBe(true)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
