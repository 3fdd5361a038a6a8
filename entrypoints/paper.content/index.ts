import { defineContentScript } from '#imports';
import { startOnPage } from '@/utils/content/start-page';
import { paperSiteMatchPatterns } from '@/utils/sites/registry';

export default defineContentScript({
  matches: [...paperSiteMatchPatterns],
  runAt: 'document_idle',
  main(ctx) {
    startOnPage(ctx, new URL(location.href), document);
  },
});
