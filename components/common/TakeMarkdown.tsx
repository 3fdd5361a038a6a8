import { memo } from 'react';
import Markdown, { type Components, type Options } from 'react-markdown';
import rehypeKatex from 'rehype-katex';
import remarkMath from 'remark-math';
import 'katex/dist/katex.min.css';
import { remarkHtmlAsText } from '@/utils/take/html-as-text';
import { limitNesting, safeLinkUrl } from '@/utils/take/limit-nesting';
import { rehypeMarkQuotes, type MarkQuotesOptions } from '@/utils/take/mark-quotes';
import { escapeTextDollars, katexOptions, limitMath } from '@/utils/take/math';

/**
 * Renders model output. The text is untrusted (the model read an arbitrary PDF), so: raw HTML is shown as the text it
 * is (remarkHtmlAsText; never rehype-raw), no images (they would fetch from anywhere the model names), links only to
 * http(s), nesting capped before parsing (limitNesting), so a hostile answer cannot freeze the sidebar; math typeset
 * by KaTeX under the bounds in utils/take/math.ts, its fonts shipped with the extension.
 * With `quotes`, each checked quote is marked where it stands (rehypeMarkQuotes).
 */

const components: Components = {
  a: ({ node: _node, href, children, ...rest }) =>
    href ? (
      <a {...rest} href={href} target="_blank" rel="noopener noreferrer">
        {children}
      </a>
    ) : (
      <span>{children}</span>
    ),
};

const remarkPlugins: Options['remarkPlugins'] = [remarkHtmlAsText, remarkMath, limitMath];
/** After the quote marks: those skip code, and the formulas are still code until KaTeX typesets them. */
const katexPlugins: NonNullable<Options['rehypePlugins']> = [[rehypeKatex, katexOptions]];

/**
 * Memoised on its text (and its quote checks): while a take streams, the parts already written keep their text, so
 * only the part being written is parsed again on each render.
 */
export const TakeMarkdown = memo(function TakeMarkdown({ markdown, className, quotes }: { markdown: string; className?: string; quotes?: MarkQuotesOptions }) {
  return (
    <div className={className}>
      <Markdown
        remarkPlugins={remarkPlugins}
        disallowedElements={['img']}
        urlTransform={safeLinkUrl}
        components={components}
        rehypePlugins={quotes && quotes.checks.length > 0 ? [[rehypeMarkQuotes, quotes], ...katexPlugins] : katexPlugins}
      >
        {escapeTextDollars(limitNesting(markdown))}
      </Markdown>
    </div>
  );
});
