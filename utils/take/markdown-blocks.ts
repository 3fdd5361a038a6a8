import type { Nodes, Root, RootContent } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { mathFromMarkdown } from 'mdast-util-math';
import { math } from 'micromark-extension-math';
import { limitNesting } from './limit-nesting';

/**
 * A streamed answer split into its top-level Markdown blocks (a paragraph, a list, a heading, a code fence, a `$$`
 * formula), so that rendering it costs about as much as its length, not its length times the number of renders.
 *
 * Why a block can be set aside: Markdown is read line by line, and a top-level block is closed for good once a whole
 * line has started the next one. Its rendering then depends on its own lines alone, whatever arrives later. The last block is still
 * open (a paragraph may grow, a list may get another item, a fence or a `$$` formula may not be closed yet, and an
 * unclosed one runs to the end of the text), so only it is parsed again on the next render. The one exception is a
 * link reference definition (`[id]: https://…`), which gives meaning to `[id]` anywhere in the text, before it too:
 * once one appears, the text is kept as one block.
 */

export interface MarkdownBlock<Summary> {
  /** The block's lines, prepared (see prepareMarkdown), with the blank lines after it. */
  text: string;
  /** What the tracker's owner wants to know of the block's top-level nodes, computed once per settled block. */
  summary: Summary;
}

/** Positions in the summarised nodes are counted from this offset: subtract it to get offsets within the block. */
export type SummarizeBlock<Summary> = (nodes: readonly RootContent[], blockStart: number) => Summary;

/** Line endings as "\n" and container nesting capped: what both the parser and the renderer read. */
export function prepareMarkdown(markdown: string): string {
  return limitNesting(markdown.replace(/\r\n?/g, '\n'));
}

/** The same reading of Markdown as the renderer's (remark-parse with remark-math). */
export function parseMarkdownTree(markdown: string): Root {
  return fromMarkdown(markdown, { extensions: [math()], mdastExtensions: [mathFromMarkdown()] });
}

/** Containers whose children are blocks, where a definition can stand. */
const flowContainers = new Set<string>(['root', 'blockquote', 'listItem'] satisfies Nodes['type'][]);

function holdsDefinition(tree: Root): boolean {
  const stack: Nodes[] = [tree];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'definition') return true;
    if (flowContainers.has(node.type) && 'children' in node) stack.push(...node.children);
  }
  return false;
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

export interface BlockTracker<Summary> {
  /** The blocks of `markdown` (raw, as streamed); cheap when it extends the text of the previous call. */
  blocksOf(markdown: string): readonly MarkdownBlock<Summary>[];
}

/**
 * Follows one growing text. Blocks that are settled keep their objects across calls (and their text, so a memoised
 * rendering of them is reused); only the text from the last open block on is parsed again. Text that does not extend
 * the previous one starts over.
 */
export function createBlockTracker<Summary>(summarize: SummarizeBlock<Summary>): BlockTracker<Summary> {
  let settled: MarkdownBlock<Summary>[] = [];
  /** How much of the raw text the settled blocks cover, and that raw text itself. */
  let settledSource = '';
  /** A definition was seen: the whole text is one block until the text starts over. */
  let wholeSource: string | undefined;

  const start = () => {
    settled = [];
    settledSource = '';
    wholeSource = undefined;
  };

  const wholeBlock = (markdown: string): MarkdownBlock<Summary>[] => {
    wholeSource = markdown;
    const text = prepareMarkdown(markdown);
    return [{ text, summary: summarize(parseMarkdownTree(text).children, 0) }];
  };

  return {
    blocksOf(markdown) {
      if (wholeSource !== undefined && markdown.startsWith(wholeSource)) return wholeBlock(markdown);
      if (wholeSource !== undefined || !markdown.startsWith(settledSource)) start();
      // Settled blocks end where a later block's line starts, so the raw rest starts a line: preparing it alone
      // (line endings and nesting are per line) gives the same text as preparing the whole.
      const tail = prepareMarkdown(markdown.slice(settledSource.length));
      const tree = parseMarkdownTree(tail);
      if (holdsDefinition(tree)) return wholeBlock(markdown);

      const nodes = tree.children;
      let blockStart = 0;
      let openFrom = 0;
      for (let index = 0; index + 1 < nodes.length; index++) {
        const nextStart = nodes[index + 1]!.position?.start.offset;
        // Only a whole line decides what it starts: "2" may yet become "2. " and continue the list above it.
        if (nextStart === undefined || tail.indexOf('\n', nextStart) === -1) break;
        const end = lineStart(tail, nextStart);
        settled.push({ text: tail.slice(blockStart, end), summary: summarize(nodes.slice(index, index + 1), blockStart) });
        blockStart = end;
        openFrom = index + 1;
      }
      // Offsets in the prepared tail match the raw text's only line by line, so the raw length settled is counted in lines.
      if (blockStart > 0) settledSource += rawLines(markdown.slice(settledSource.length), countLines(tail.slice(0, blockStart)));
      const openText = tail.slice(blockStart);
      return openText ? [...settled, { text: openText, summary: summarize(nodes.slice(openFrom), blockStart) }] : [...settled];
    },
  };
}

function countLines(text: string): number {
  let lines = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) lines++;
  return lines;
}

/** The first `lines` lines of raw text, each with its line ending ("\n", "\r\n" or "\r"). */
function rawLines(raw: string, lines: number): string {
  const ending = /\r\n?|\n/g;
  let end = 0;
  for (let line = 0; line < lines; line++) {
    const match = ending.exec(raw);
    if (!match) return raw;
    end = match.index + match[0].length;
  }
  return raw.slice(0, end);
}

/** The blocks of a finished text, in one pass. */
export function splitMarkdownBlocks<Summary>(markdown: string, summarize: SummarizeBlock<Summary>): readonly MarkdownBlock<Summary>[] {
  return createBlockTracker(summarize).blocksOf(markdown);
}
