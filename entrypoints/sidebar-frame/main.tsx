import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { browser } from '#imports';
import { SidebarApp } from '@/components/sidebar/SidebarApp';
import { browserPageReaders } from '@/utils/pdf/browser-page-readers';
import { setDefaultPageReaders } from '@/utils/pdf/extract';
import { followThemeSetting } from '@/utils/ui/theme';
import '@/components/common/theme.css';
import '@/components/sidebar/sidebar.css';

// PDFs are read (and checked for hidden text) in page-reading workers, never on this thread. wxt.config.ts copies
// pdf.js's CMaps and fonts at build time, so WXT's typed public paths do not list them.
const pdfjsFile = (path: string) => browser.runtime.getURL(`/pdfjs/${path}` as '/');
setDefaultPageReaders(browserPageReaders({ cMapUrl: pdfjsFile('cmaps/'), standardFontDataUrl: pdfjsFile('standard_fonts/') }));

followThemeSetting();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <SidebarApp />
  </StrictMode>,
);
