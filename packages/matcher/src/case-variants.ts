/**
 * The characters that one ASCII character matches under the `i` flag.
 *
 * Without `u`/`v`, JavaScript canonicalises with `toUpperCase`, but never maps a
 * non-ASCII character onto an ASCII one, so an ASCII letter matches exactly its two cases.
 * With `u`/`v` it uses Unicode simple case folding, under which exactly two non-ASCII
 * characters fold onto ASCII letters: U+212A KELVIN SIGN (k) and U+017F LATIN SMALL LETTER
 * LONG S (s). A test checks both claims against the runtime over every code point.
 *
 * @param codePoint - the character, as a code point.
 * @param unicode - whether the pattern has the `u` or `v` flag.
 * @returns every string the character matches, or `null` for a non-ASCII character, whose
 * variants the index does not enumerate (the prefix stops there instead).
 */
export function caseVariants(codePoint: number, unicode: boolean): string[] | null {
  if (codePoint >= 0x80) return null;
  const char = String.fromCharCode(codePoint);
  const lower = char.toLowerCase();
  const upper = char.toUpperCase();
  if (lower === upper) return [char];
  const variants = [lower, upper];
  if (unicode && lower === 'k') variants.push('\u212A');
  if (unicode && lower === 's') variants.push('\u017F');
  return variants;
}
