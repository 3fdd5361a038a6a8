import { execFileSync } from 'node:child_process';
import { hasSharedFixtures, missingSharedFixtures, sharedFixturePath } from './shared-fixtures';

/** Real text for the checks, from a shared paper through poppler's pdftotext (independent of our own PDF extraction). */
export const mesosPdf = sharedFixturePath('pdfs', 'papers', 'pwl-mesos-nsdi11.pdf');

function hasPdftotext(): boolean {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export const canReadRealPaper = hasSharedFixtures && hasPdftotext();
export const cannotReadRealPaper = hasSharedFixtures ? 'pdftotext (poppler-utils) is not installed' : missingSharedFixtures;

/** Pages as the extractor hands them over: numbered from 1, one string each (pdftotext separates pages with form feeds). */
export function realPages(pdf = mesosPdf): { number: number; text: string }[] {
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' });
  return text
    .split('\f')
    .map((pageText, index) => ({ number: index + 1, text: pageText }))
    .filter((page) => page.text.trim().length > 0);
}

/** A crude split of the reference list into entries, standing in for the extractor's parsed references. */
export function realReferences(pages: { text: string }[]): { index: number; text: string }[] {
  const all = pages.map((page) => page.text).join('\n');
  const list = all.slice(all.lastIndexOf('\nReferences\n'));
  return [...list.matchAll(/^\[(\d+)\] ([\s\S]*?)(?=^\[\d+\] |\n\n|$(?![\s\S]))/gm)].map((match) => ({ index: Number(match[1]), text: (match[2] ?? '').replace(/\s+/g, ' ').trim() }));
}
