/**
 * What the bundler's module list cannot tell: packages of the dependency tree whose code reaches the
 * bundle inside another package's prebuilt file, and packages with no code in the bundle at all. Every
 * package of the tree must be bundled, TypeScript types only, or named here; `npm run check-licenses`
 * fails on one that is not, and on a name here that no longer applies. Checked by reading the files
 * the bundle takes from each package (the module list in .tmp/bundle/stats.json).
 */

/** Bundled package → packages whose code its prebuilt file holds (their licences are listed too). */
export const INLINED: Record<string, string[]> = {
  // dist/d3-delaunay.js is a rollup bundle: its factory takes no dependencies, the code is inside.
  'd3-delaunay': ['delaunator', 'robust-predicates']
}

const YARGS = "yargs (vega-lite's command-line tools)"

/** Packages of the tree with no code in the bundle, and why. */
export const NOT_BUNDLED: Record<string, string> = {
  'vega-typings': "TypeScript types for vega (its one .js file is the package's own build script)",
  // Command-line tools (bin/) of bundled packages: the library files the bundle takes never load them.
  commander: 'the command-line tools of d3-dsv, d3-geo-projection and topojson-client',
  'iconv-lite': "d3-dsv's command-line tools",
  rw: "d3-dsv's command-line tools",
  'safer-buffer': 'iconv-lite (d3-dsv command-line tools)',
  yargs: "vega-lite's command-line tools",
  'yargs-parser': YARGS,
  cliui: YARGS,
  escalade: YARGS,
  'get-caller-file': YARGS,
  y18n: YARGS,
  'string-width': YARGS,
  'strip-ansi': YARGS,
  'ansi-regex': YARGS,
  'ansi-styles': YARGS,
  'emoji-regex': YARGS,
  'get-east-asian-width': YARGS,
  'wrap-ansi': YARGS,
  minimist: "handlebars' precompiler command",
  'neo-async': "handlebars' precompiler command",
  'uglify-js': "handlebars' precompiler command (optional minification)",
  wordwrap: "handlebars' precompiler command",
  'json-stringify-pretty-compact': "vega-lite's command-line tools (bin/vl2vg)",
  // Declared by a bundled package, but no file the bundle takes from it imports them.
  tslib: 'declared by vega-lite; none of its shipped files imports it',
  'require-from-string': "only ajv's standalone code generation (ajv/dist/standalone) uses it"
}
