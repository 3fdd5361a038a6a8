import { join } from 'node:path';
import { sharedFixturePath } from '../../support/shared-fixtures';

/**
 * What the local HTTPS server answers for the real sites' addresses. Chromium's host-resolver rules send
 * arxiv.org, dl.acm.org and www.usenix.org here, so the manifest's real match patterns and host permissions are
 * exercised. Pages are the team's shared real copies (../shared/fixtures) unless marked hand-written (test/fixtures).
 */
export interface FixtureRoute {
  file: string;
  contentType: string;
  status?: number;
}

const repoFixtures = join(import.meta.dirname, '../../fixtures');
const html = 'text/html; charset=utf-8';
const pdf = 'application/pdf';
const page = (...parts: string[]): FixtureRoute => ({ file: sharedFixturePath('pages', ...parts), contentType: html });
const handWritten = (name: string): FixtureRoute => ({ file: join(repoFixtures, 'pages', name), contentType: html });
const paperPdf = (name: string): FixtureRoute => ({ file: sharedFixturePath('pdfs', 'papers', name), contentType: pdf });

/** Keyed by host + path + search, exactly as the browser asks for it. */
export const fixtureRoutes: Record<string, FixtureRoute> = {
  // arXiv abstract pages, 2021 and 2011 layouts and today's
  'arxiv.org/abs/2106.09608': page('arxiv', 'arxiv_abs_2106.09608_2021.html'),
  'arxiv.org/abs/1103.1901': page('arxiv', 'arxiv_abs_1103.1901_2011-legacy.html'),
  'arxiv.org/abs/0906.5132v2': page('arxiv-current', 'fs__abs_0906.5132v2.html'),
  'arxiv.org/abs/0906.5132': page('arxiv-current', 'fs__abs_0906.5132.html'),
  'arxiv.org/abs/hep-th/9901001': page('arxiv-current', 'fs__abs_hep-th_9901001.html'),
  'arxiv.org/abs/2310.08262': page('arxiv-current', 'fs__abs_2310.08262.html'),
  'arxiv.org/abs/2403.10561': page('arxiv-current', 'fs__abs_2403.10561.html'),
  // arXiv listings
  'arxiv.org/list/q-fin/new': page('arxiv-current', 'fs__list_q-fin_new.html'),
  'arxiv.org/list/astro-ph/pastweek': page('arxiv-current', 'fs__list_astro-ph_pastweek.html'),
  'arxiv.org/list/math/recent': page('arxiv-current', 'prod__list_math_recent.html'),
  'arxiv.org/catchup/math/2011-02-03?abs=True': page('arxiv-current', 'db__catchup_math_2011-02-03__abs-True__now-2011-02-15.html'),
  'arxiv.org/search/?query=tail+latency&searchtype=all': handWritten('arxiv-search-results.html'),
  // ACM DL
  'dl.acm.org/doi/10.1145/3706599.3719976': page('acm', 'acm_doi_10.1145_3706599.3719976_2025.html'),
  'dl.acm.org/doi/10.1145/3544549.3585902': page('acm', 'acm_doi_10.1145_3544549.3585902_2023-browser-saved.html'),
  'dl.acm.org/doi/proceedings/10.1145/3777001': handWritten('acm-proceedings-toc.html'),
  // USENIX
  'www.usenix.org/conference/nsdi22/presentation/goyal': page('usenix', 'usenix_nsdi22_goyal_presentation.html'),
  'www.usenix.org/conference/nsdi27/technical-sessions': handWritten('usenix-technical-sessions.html'),
};

/**
 * The hand-written NSDI '27 program links presentation pages that exist nowhere; the real NSDI '22 presentation
 * page stands in for each of them, so the sidebar can find a PDF link the way it does on the live site.
 */
export function presentationRoute(host: string, path: string): FixtureRoute | undefined {
  if (host === 'www.usenix.org' && path.startsWith('/conference/nsdi27/presentation/')) {
    return page('usenix', 'usenix_nsdi22_goyal_presentation.html');
  }
  return undefined;
}

/** Any PDF address of a site answers with one real paper of the shared set (the content need not match the page). */
export function pdfRoute(host: string, path: string): FixtureRoute | undefined {
  if (host === 'arxiv.org' && path.startsWith('/pdf/')) return paperPdf('mooncake-fast25.pdf');
  if (host === 'dl.acm.org' && path.startsWith('/doi/pdf/')) return paperPdf('huawei-serverless-cold-starts-eurosys25.pdf');
  if (host === 'www.usenix.org' && path.startsWith('/system/files/')) return paperPdf('pwl-tiered-replication-usenix-atc15.pdf');
  return undefined;
}
