/** Words as a reader counts them: runs between whitespace holding a letter or digit, so a stray "–" or "*" is not one. */
export function countWords(text: string): number {
  return text.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
}
