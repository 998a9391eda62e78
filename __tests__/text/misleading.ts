/** What counts as misleading text in the tests: the classes src/text/untrusted.ts removes. */

/** Controls other than \t and \n (a \r counts), bidi scopes, and the code points XML refuses. */
// eslint-disable-next-line no-control-regex
const MISLEADING = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ufffe\uffff]/
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/

export function misleads(text: string): boolean {
  return MISLEADING.test(text) || LONE_SURROGATE.test(text)
}

/** The letters and digits of a string, in order: what the reader must still see. */
export function visible(text: string): string {
  return [...text].filter((c) => /[\p{L}\p{N}]/u.test(c) && !misleads(c)).join('')
}
