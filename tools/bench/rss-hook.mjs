// Loaded with `node --import` into each run of the action the steady bench starts: at exit it writes
// the process's peak resident set size (kilobytes, process.resourceUsage().maxRSS) to BENCH_RSS_FILE.
import { writeFileSync } from 'node:fs'

const file = process.env.BENCH_RSS_FILE
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)))
