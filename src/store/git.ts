/** The Git Data API backend; its parts live in ./git/ (kept so imports of src/store/git.js resolve). */
export * from './git/index.js'
