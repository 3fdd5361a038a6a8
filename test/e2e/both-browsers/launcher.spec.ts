import { button, heading, waitForElement } from '../support/driver';
import { test } from '../support/driver-test';

/**
 * On each site and page kind, in each browser: the reader opens a paper page, clicks the launcher they see, and the
 * sidebar shows that paper. Titles are read off the fixture pages by hand, not computed by our adapters. One browser
 * visits every page in turn: a browser start costs more than the pages.
 */
const papers = [
  { site: 'arXiv abstract, 2021 layout', url: 'https://arxiv.org/abs/2106.09608', title: 'Learning Knowledge Graph-based World Models of Textual Environments' },
  { site: 'arXiv abstract, 2011 layout', url: 'https://arxiv.org/abs/1103.1901', title: 'Locally Cold Flows from Large-Scale Structure' },
  { site: 'arXiv abstract, current layout, old-style id', url: 'https://arxiv.org/abs/hep-th/9901001', title: 'String Junctions and Their Duals in Heterotic String Theory' },
  { site: 'ACM DL article, 2025', url: 'https://dl.acm.org/doi/10.1145/3706599.3719976', title: 'Exploring Older Adults Personality Preferences for LLM-powered Conversational Companions' },
  { site: 'USENIX presentation', url: 'https://www.usenix.org/conference/nsdi22/presentation/goyal', title: 'Backpressure Flow Control' },
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
