import { defineContentScript } from '#imports';
import { startOnPage } from '@/utils/content/start-page';
import { paperPageMatchPatterns } from '@/utils/sites';

export default defineContentScript({
  matches: paperPageMatchPatterns,
  runAt: 'document_idle',
  main(ctx) {
    startOnPage(ctx, new URL(location.href), document);
  },
});
