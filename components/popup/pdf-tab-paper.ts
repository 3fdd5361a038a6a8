import { siteAdapters } from '@/utils/sites';
import type { PaperRef } from '@/utils/sites/types';

/**
 * The paper shown in a PDF tab, read as a content script reads Chrome's PDF wrapper: from the address and the
 * tab's title. Firefox never runs content scripts in its PDF viewer, so there the popup does this itself.
 */
export function paperOfPdfTab(url: string, title: string | undefined): PaperRef | undefined {
  const address = new URL(url);
  for (const adapter of siteAdapters) {
    if (adapter.id === 'generic') continue;
    const match = adapter.matchUrl(address);
    if (match?.kind !== 'pdf') continue;
    // A stand-in for the viewer's document: what the adapters look for there is the title and that it shows a PDF.
    const viewer = document.implementation.createHTMLDocument(title ?? '');
    const embed = viewer.createElement('embed');
    embed.type = 'application/pdf';
    viewer.body.append(embed);
    try {
      return adapter.readPage(viewer, address, match)[0]?.paper;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** The sidebar as a page of its own, for a PDF tab where it cannot be shown over the viewer. */
export function standaloneSidebarUrl(extensionPageUrl: string, paper: PaperRef): string {
  return `${extensionPageUrl}#paper=${encodeURIComponent(JSON.stringify(paper))}`;
}
