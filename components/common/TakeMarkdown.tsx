import { Fragment, memo, useMemo, useState } from 'react';
import Markdown, { type Components, type Options } from 'react-markdown';
import rehypeKatex from 'rehype-katex';
import remarkMath from 'remark-math';
import 'katex/dist/katex.min.css';
import { remarkHtmlAsText } from '@/utils/take/html-as-text';
import { safeLinkUrl } from '@/utils/take/limit-nesting';
import { createBlockTracker, prepareMarkdown } from '@/utils/take/markdown-blocks';
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

const withoutQuotes: MarkQuotesOptions = { checks: [] };

/** One piece of prepared Markdown (prepareMarkdown), parsed and typeset; memoised on its text, so a settled block is parsed once. */
const MarkdownPiece = memo(function MarkdownPiece({ text, quotes = withoutQuotes }: { text: string; quotes?: MarkQuotesOptions }) {
  return (
    <Markdown
      remarkPlugins={remarkPlugins}
      disallowedElements={['img']}
      urlTransform={safeLinkUrl}
      components={components}
      rehypePlugins={quotes.checks.length > 0 ? [[rehypeMarkQuotes, quotes], ...katexPlugins] : katexPlugins}
    >
      {escapeTextDollars(text)}
    </Markdown>
  );
});

/** Pieces in a group: a settled group is skipped with one comparison per piece, not one React element each. */
const piecesPerGroup = 64;

const samePieces = (before: { pieces: readonly string[] }, after: { pieces: readonly string[] }) =>
  before.pieces.length === after.pieces.length && before.pieces.every((piece, index) => piece === after.pieces[index]);

const PieceGroup = memo(function PieceGroup({ pieces }: { pieces: readonly string[] }) {
  return pieces.map((piece, index) => (
    <Fragment key={index}>
      {index > 0 && '\n'}
      <MarkdownPiece text={piece} />
    </Fragment>
  ));
}, samePieces);

/**
 * Prepared Markdown given as consecutive top-level blocks (utils/take/markdown-blocks.ts), each rendered on its own: the
 * same elements as the whole text parsed at once, with the line break the whole parse puts between blocks.
 */
export function MarkdownPieces({ pieces, className }: { pieces: readonly string[]; className?: string }) {
  const groups: (readonly string[])[] = [];
  for (let start = 0; start < pieces.length; start += piecesPerGroup) groups.push(pieces.slice(start, start + piecesPerGroup));
  return (
    <div className={className}>
      {groups.map((group, index) => (
        <Fragment key={index}>
          {index > 0 && '\n'}
          <PieceGroup pieces={group} />
        </Fragment>
      ))}
    </div>
  );
}

/**
 * The whole text parsed at once. Quote marks need it: each checked quote is marked where it first stands in the text,
 * wherever the blocks fall.
 */
export const WholeTakeMarkdown = memo(function WholeTakeMarkdown({ markdown, className, quotes }: { markdown: string; className?: string; quotes?: MarkQuotesOptions }) {
  return (
    <div className={className}>
      <MarkdownPiece text={prepareMarkdown(markdown)} {...(quotes ? { quotes } : {})} />
    </div>
  );
});

/** Text that may still be growing: split into blocks as it comes, so each render parses only the block being written. */
function GrowingTakeMarkdown({ markdown, className }: { markdown: string; className?: string }) {
  const [tracker] = useState(() => createBlockTracker(() => undefined));
  const pieces = useMemo(() => tracker.blocksOf(markdown).map((block) => block.text), [tracker, markdown]);
  return <MarkdownPieces pieces={pieces} {...(className ? { className } : {})} />;
}

/** Memoised on its text (and its quote checks). */
export const TakeMarkdown = memo(function TakeMarkdown({ markdown, className, quotes }: { markdown: string; className?: string; quotes?: MarkQuotesOptions }) {
  return quotes && quotes.checks.length > 0 ? (
    <WholeTakeMarkdown markdown={markdown} quotes={quotes} {...(className ? { className } : {})} />
  ) : (
    <GrowingTakeMarkdown markdown={markdown} {...(className ? { className } : {})} />
  );
});
