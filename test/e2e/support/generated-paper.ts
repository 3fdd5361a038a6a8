import { makeEvaluationPaperPdf } from '../../support/make-figure-pdfs';
import type { FixtureServer } from './fixture-server';

/**
 * A paper that is ours from end to end, for the tests that show its figures (and the README picture made from them):
 * the generated three-page evaluation paper as the PDF, and a HAND-WRITTEN arXiv abstract page for it, in the
 * structure the arXiv adapter reads. The id 2611.00042, the title and the authors are invented.
 */
const id = '2611.00042';
const title = 'Keeping the Tail Short: A Scheduler for Latency-Critical Services';

export const generatedPaper = {
  abstractUrl: `https://arxiv.org/abs/${id}`,
  pdfUrl: `https://arxiv.org/pdf/${id}v1`,
  title,
  /** Its figures, where the generator draws them. */
  figures: [
    { number: 1, page: 1 },
    { number: 2, page: 2 },
    { number: 3, page: 2 },
    { number: 4, page: 3 },
    { number: 5, page: 3 },
  ],
} as const;

const abstractPage = `<!DOCTYPE html>
<!-- HAND-WRITTEN: an arXiv-like abstract page for a generated paper; not a copy of any real page. -->
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>[${id}] ${title}</title>
  <meta name="citation_title" content="${title}">
  <meta name="citation_author" content="Example, Ada">
  <meta name="citation_author" content="Sample, Ben">
  <meta name="citation_date" content="2026/11/02">
  <meta name="citation_arxiv_id" content="${id}">
  <meta name="citation_pdf_url" content="${generatedPaper.pdfUrl}">
</head>
<body>
  <div id="content">
    <div id="abs">
      <div class="dateline">[Submitted on 2 Nov 2026]</div>
      <h1 class="title mathjax"><span class="descriptor">Title:</span>${title}</h1>
      <div class="authors"><span class="descriptor">Authors:</span><a href="https://arxiv.org/a/example_a_1">Ada Example</a>, <a href="https://arxiv.org/a/sample_b_1">Ben Sample</a></div>
      <blockquote class="abstract mathjax"><span class="descriptor">Abstract:</span>Tail latency decides how a service feels. We present a scheduler that keeps the p99 low as load grows, and measure its throughput, latency and cost against two baselines.</blockquote>
    </div>
    <div class="extra-services">
      <div class="full-text">
        <h2>Access Paper:</h2>
        <ul><li><a href="/pdf/${id}v1" class="abs-button download-pdf">View PDF</a></li></ul>
      </div>
    </div>
  </div>
</body>
</html>
`;

/** Serves the abstract page and the generated PDF at their arXiv addresses for the rest of this server's life. */
export async function serveGeneratedPaper(fixtureServer: FixtureServer): Promise<typeof generatedPaper> {
  const pdf = Buffer.from(await makeEvaluationPaperPdf());
  const at = (address: string) => address.replace(/^https:\/\//, '');
  fixtureServer.override(at(generatedPaper.abstractUrl), (res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(abstractPage));
  fixtureServer.override(at(generatedPaper.pdfUrl), (res) => {
    res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': pdf.length, 'cache-control': 'no-store' });
    res.end(pdf);
  });
  return generatedPaper;
}
