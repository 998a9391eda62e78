#!/usr/bin/env node
// The repo-metrics command. dist/index.js is the action's bundle, which also holds the command
// (src/cli.ts): this marker tells it to run the command instead of the action (see src/index.ts).
globalThis[Symbol.for('repo-metrics-report.cli')] = true
await import('../dist/index.js')
