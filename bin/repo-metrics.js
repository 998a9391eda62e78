#!/usr/bin/env node
// The repo-metrics command: the bundled CLI (see src/cli.ts).
import '../dist/cli/index.js'
