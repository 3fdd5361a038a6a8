import { button, heading, waitForElement } from '../support/driver';
import { test } from '../support/driver-test';

/**
 * On each site, in each browser: the reader opens a paper page, clicks the launcher they see, and the sidebar
 * shows that paper. Titles are read off the fixture pages by hand, not computed by our adapters.
 */
const papers = [
  { site: 'arXiv', url: 'https://arxiv.org/abs/2106.09608', title: 'Learning Knowledge Graph-based World Models of Textual Environments' },
  { site: 'ACM DL', url: 'https://dl.acm.org/doi/10.1145/3706599.3719976', title: 'Exploring Older Adults Personality Preferences for LLM-powered Conversational Companions' },
  { site: 'USENIX', url: 'https://www.usenix.org/conference/nsdi22/presentation/goyal', title: 'Backpressure Flow Control' },
];

test('the launcher opens the sidebar on the paper, on arXiv, ACM and USENIX', async ({ driver }) => {
  for (const paper of papers) {
    await test.step(paper.site, async () => {
      const tab = await driver.newTab(paper.url);
      await waitForElement(tab, button("Shedder's Take"));
      await tab.click(button("Shedder's Take"));
      const sidebar = await tab.sidebar();
      await waitForElement(sidebar, heading(paper.title));
      await tab.close();
    });
  }
});
