import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { browser } from '#imports';
import { SidebarApp } from '@/components/sidebar/SidebarApp';
import { configurePdfjs } from '@/utils/pdf/pdfjs';
import '@/components/sidebar/sidebar.css';

// pdf.js reads the paper in a real worker shipped with the extension: wxt.config.ts copies it, its CMaps and
// fonts at build time, so WXT's typed public paths do not list them.
const pdfjsFile = (path: string) => browser.runtime.getURL(`/pdfjs/${path}` as '/');
configurePdfjs({
  workerSrc: pdfjsFile('pdf.worker.min.mjs'),
  cMapUrl: pdfjsFile('cmaps/'),
  standardFontDataUrl: pdfjsFile('standard_fonts/'),
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <SidebarApp />
  </StrictMode>,
);
