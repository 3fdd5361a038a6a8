import type { BrowserContext, Frame, Page } from '@playwright/test';

interface DomNode {
  nodeId: number;
  nodeType: number;
  children?: DomNode[];
  contentDocument?: DomNode;
  shadowRoots?: DomNode[];
}

interface PlatformFont {
  familyName: string;
  isCustomFont: boolean;
  glyphCount: number;
}

/**
 * The fonts of the machine (not web fonts the page loaded) that drew any glyph in this document, with how many
 * glyphs each drew, as Chromium reports them (`CSS.getPlatformFontsForNode`). Screenshots are stable on another
 * machine only when this list holds nothing that machine may lack or have in another version.
 */
export async function systemFontsDrawn(context: BrowserContext, surface: Page | Frame): Promise<Record<string, number>> {
  const session = await context.newCDPSession(surface);
  try {
    await session.send('DOM.enable');
    await session.send('CSS.enable');
    const { root } = (await session.send('DOM.getDocument', { depth: -1, pierce: false })) as { root: DomNode };
    const elements: number[] = [];
    const walk = (node: DomNode) => {
      if (node.nodeType === 1) elements.push(node.nodeId);
      for (const child of [...(node.children ?? []), ...(node.shadowRoots ?? [])]) walk(child);
    };
    walk(root);
    const drawn: Record<string, number> = {};
    for (const nodeId of elements) {
      const { fonts } = (await session.send('CSS.getPlatformFontsForNode', { nodeId })) as { fonts: PlatformFont[] };
      for (const font of fonts) if (!font.isCustomFont) drawn[font.familyName] = (drawn[font.familyName] ?? 0) + font.glyphCount;
    }
    return drawn;
  } finally {
    await session.detach();
  }
}

/**
 * The fonts of the machine our pages may draw with, both named in the font stacks: DejaVu Sans after the bundled
 * fonts for the few symbols they lack (✓, ✗), DejaVu Sans Mono for code. `.ci/run` installs them (Debian's
 * fonts-dejavu-core), so CI draws with the same files.
 */
export const pinnedSystemFonts: readonly string[] = ['DejaVu Sans', 'DejaVu Sans Mono'];
