/**
 * Model output is untrusted, and a Markdown parser's time grows steeply with nesting: 500 nested lists took
 * react-markdown about 15 s, lists mixed with quotes about 80 s (measured in test/security). No honest take nests
 * more than a few levels, so each line's container prefix (indentation, list markers, quote markers) is cut to
 * `maxPrefix` characters before parsing. Text is kept; only the depth beyond the cap is flattened.
 */
const containerPrefix = /^(?:[ \t]|>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t]))+/;

export const maxContainerPrefix = 24;

export function limitNesting(markdown: string, maxPrefix = maxContainerPrefix): string {
  if (markdown.length < maxPrefix) return markdown;
  return markdown
    .split('\n')
    .map((line) => {
      const prefix = containerPrefix.exec(line)?.[0];
      return prefix && prefix.length > maxPrefix ? prefix.slice(0, maxPrefix).trimEnd() + ' ' + line.slice(prefix.length) : line;
    })
    .join('\n');
}

/** Links in model output go to http(s) only; relative links have no meaning inside an extension page. */
export function safeLinkUrl(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}
