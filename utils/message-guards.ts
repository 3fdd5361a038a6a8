import { isSiteId } from '@/utils/sites/registry';
import type { PaperRef } from '@/utils/sites/types';

/**
 * Shape checks for everything that crosses a context boundary. A content script runs beside a page we do not
 * trust, and a compromised renderer can forge its messages, so the background checks every field it uses.
 */

const maxTextField = 20_000;

function isShortString(value: unknown, max = 2_000): value is string {
  return typeof value === 'string' && value.length <= max;
}

function isOptional<T>(value: unknown, check: (v: unknown) => v is T): boolean {
  return value === undefined || check(value);
}

function isHttpsUrl(value: unknown): value is string {
  if (!isShortString(value)) return false;
  try {
    return new URL(value).protocol === 'https:';
  } catch {
    return false;
  }
}

function isPositiveInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 && value < 100_000;
}

export function isPaperRef(value: unknown): value is PaperRef {
  if (typeof value !== 'object' || value === null) return false;
  const paper = value as Record<string, unknown>;
  return (
    isSiteId(paper.site) &&
    isShortString(paper.paperId, 300) &&
    (paper.paperId as string).length > 0 &&
    isShortString(paper.title) &&
    Array.isArray(paper.authors) &&
    paper.authors.length <= 2_000 &&
    paper.authors.every((author) => isShortString(author, 500)) &&
    isHttpsUrl(paper.pageUrl) &&
    isOptional(paper.pdfUrl, isHttpsUrl) &&
    isOptional(paper.presentationUrl, isHttpsUrl) &&
    isOptional(paper.version, isPositiveInteger) &&
    isOptional(paper.latestVersion, isPositiveInteger) &&
    isOptional(paper.year, isPositiveInteger) &&
    isOptional(paper.venue, isShortString) &&
    isOptional(paper.noPdfReason, isShortString) &&
    isOptional(paper.abstract, (v): v is string => isShortString(v, maxTextField))
  );
}

/** Keeps only the fields PaperRef declares, so nothing extra a page slipped in travels further. */
export function pickPaperRef(paper: PaperRef): PaperRef {
  const picked: PaperRef = {
    site: paper.site,
    paperId: paper.paperId,
    title: paper.title,
    authors: [...paper.authors],
    pageUrl: paper.pageUrl,
  };
  const optionalKeys = ['version', 'latestVersion', 'venue', 'year', 'abstract', 'pdfUrl', 'noPdfReason', 'presentationUrl'] as const;
  for (const key of optionalKeys) {
    if (paper[key] !== undefined) Object.assign(picked, { [key]: paper[key] });
  }
  return picked;
}
