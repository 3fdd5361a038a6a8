/**
 * Where the listing's quick-takes control goes: in the page's own flow, just above its first entry, so it moves
 * with the page and never lies over its text. The entries' nearest common ancestor holds the listing; the control
 * goes before the child of it that holds the first entry. Lists and tables take no foreign rows, so the control
 * goes before the whole list or table instead.
 */
const listContainers = new Set(['dl', 'ul', 'ol', 'table', 'tbody', 'thead', 'tfoot', 'tr', 'dt', 'dd', 'li', 'td', 'th']);

function commonAncestor(nodes: readonly Element[]): Element | undefined {
  const [first, ...rest] = nodes;
  let candidate: Element | null | undefined = first?.parentElement;
  while (candidate && !rest.every((node) => candidate!.contains(node))) candidate = candidate.parentElement;
  return candidate ?? undefined;
}

/** The element to insert the listing's control before, or undefined when the entries share no usable ancestor. */
export function listingStart(anchors: readonly Element[]): Element | undefined {
  const first = anchors[0];
  const ancestor = commonAncestor(anchors);
  if (!first || !ancestor || ancestor === first.ownerDocument.documentElement) return undefined;
  let start: Element = first;
  while (start.parentElement && start.parentElement !== ancestor) start = start.parentElement;
  // Climb out of lists and tables: a control among their rows would break them.
  while (start.parentElement && listContainers.has(start.parentElement.localName)) start = start.parentElement;
  return start;
}
