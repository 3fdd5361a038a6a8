import type { Nodes, Paragraph, Parent, Root, Text } from 'mdast';

/**
 * A remark plugin: raw HTML in model output is shown as the literal text it is, never run and never dropped. Dropping
 * it (react-markdown's skipHtml) also dropped the reader's text around it: a line `<style>…</style> text` starts an
 * HTML block that runs to the end of the line, so " text" vanished with the tag.
 */
export function remarkHtmlAsText() {
  return (tree: Root) => {
    showHtmlAsText(tree);
  };
}

/** Containers whose children are blocks: a block of HTML there becomes a paragraph of text. */
const blockContainers = new Set<string>(['root', 'blockquote', 'listItem', 'footnoteDefinition'] satisfies Nodes['type'][]);

function showHtmlAsText(parent: Parent): void {
  const inBlocks = blockContainers.has(parent.type);
  parent.children = parent.children.map((child) => {
    if (child.type === 'html') {
      const text: Text = { type: 'text', value: child.value, ...(child.position ? { position: child.position } : {}) };
      const paragraph: Paragraph = { type: 'paragraph', children: [text], ...(child.position ? { position: child.position } : {}) };
      return inBlocks ? paragraph : text;
    }
    if ('children' in child) showHtmlAsText(child);
    return child;
  }) as Parent['children'];
}
