import { isPaperRef } from '@/utils/message-guards';
import { paperKey } from '@/utils/sites/paper-key';
import { bindPdfToPaper, pageProblem } from '@/utils/sites/pdf-binding';
import { isSiteId } from '@/utils/sites/registry';
import type { PaperRef } from '@/utils/sites/types';

/**
 * The shape of a saved take, its earlier shapes and the pure migrations between them. Stored records and exported
 * files carry `schemaVersion`; records from the 0.0.x prototype carry none and count as v1.
 */

export const TAKE_SCHEMA_VERSION = 4;

/** A verbatim quote the take offers as evidence, and whether the paper's text holds it. */
export interface QuoteCheck {
  /** The quoted words, without quotation marks or page reference. */
  quote: string;
  /** The page the take cites for it. */
  page?: number;
  status: 'verified' | 'not-found';
  /** Where it was found; differs from `page` when the take cited the wrong page. */
  foundOnPage?: number;
}

export interface FollowUpMessage {
  role: 'user' | 'assistant';
  content: string;
}

export interface TakeUsage {
  inputTokens: number;
  outputTokens: number;
  /** Undefined when the model had no price in the table (local models). */
  costUsd?: number;
}

/** What the take rests on, for the evidence bar of a reopened take. Takes saved before it was recorded have none. */
export interface TakeReading {
  /** "read pages 1–14 of 17; skipped the references". */
  summary: string;
  /** Passages of hidden text found in the PDF and kept out of what the model read. */
  hiddenText: number;
}

/** A figure the model was shown, as the take keeps it: small and bounded (the full image is never stored). */
export interface SavedFigure {
  number: number;
  page: number;
  /** At most `savedCaptionChars` characters. */
  caption: string;
  /** A JPEG data URL of at most `maxSavedThumbnailChars` characters; absent when none was made. */
  thumbnail?: string;
}

/** Bounds of what a take keeps of its figures: a dozen thumbnails of a few kilobytes each. */
export const maxSavedFigures = 12;
export const savedCaptionChars = 300;
export const maxSavedThumbnailChars = 24_000;

export interface Take {
  /** From `takeId()`: starts with the paper's key, so a paper's takes are found by key prefix. */
  id: string;
  paper: PaperRef;
  model: string;
  provider: string;
  promptVersion: number;
  /** ISO 8601. */
  createdAt: string;
  kind: 'full' | 'quick';
  /** A stopped or interrupted stream is kept as `partial` and marked so in every view. */
  status: 'complete' | 'partial';
  /** One line, for badges and the library list. */
  verdict: string;
  markdown: string;
  quoteChecks: QuoteCheck[];
  usage: TakeUsage;
  followUps: FollowUpMessage[];
  /** Full takes only: what was read of the paper. Optional, so older v3 records stay valid without a migration. */
  reading?: TakeReading;
  /** The figures sent to the model with the take; empty for text-only takes and those made before figures were sent. */
  figures: SavedFigure[];
}

export type StoredTakeV4 = Take & { schemaVersion: 4 };

/** v3 (0.1.x): today's take without its figures. */
export type StoredTakeV3 = Omit<Take, 'figures'> & { schemaVersion: 3 };

/** v2 (0.1.0-beta): one record per take with a PaperRef, but no kind, status, verdict, quote checks or follow-ups. */
export interface StoredTakeV2 {
  schemaVersion: 2;
  id: string;
  paper: PaperRef;
  model: string;
  provider: string;
  promptVersion: number;
  createdAt: string;
  markdown: string;
  usage?: { inputTokens: number; outputTokens: number };
  costUsd?: number;
}

/** v1 (0.0.x prototype): a URL instead of a paper, `critique` instead of markdown, epoch milliseconds, random ids. */
export interface StoredTakeV1 {
  id: string;
  paperUrl: string;
  title: string;
  critique: string;
  model: string;
  createdAt: number;
}

/** Every take of one paper (any arXiv version) has an id starting with this. */
export function takeIdPrefix(paper: Pick<PaperRef, 'site' | 'paperId'>): string {
  return `${paperKey(paper)}|`;
}

/** Deterministic: the same paper, model and moment give the same id, so a retried save overwrites instead of duplicating. */
export function takeId(paper: Pick<PaperRef, 'site' | 'paperId'>, model: string, createdAt: string): string {
  const millis = Date.parse(createdAt);
  if (Number.isNaN(millis)) throw new TypeError(`takeId: createdAt is not a date: ${createdAt}`);
  const modelSlug = model.toLowerCase().replace(/[^a-z0-9.:-]+/g, '-');
  return `${takeIdPrefix(paper)}${millis.toString(36)}|${modelSlug}`;
}

/** Who made a new take, from what and when: the fields every take starts with, full or quick. */
export function takeOrigin(
  paper: PaperRef,
  made: { model: string; provider: string; promptVersion: number },
  createdAt: string,
): Pick<Take, 'id' | 'paper' | 'model' | 'provider' | 'promptVersion' | 'createdAt'> {
  return { id: takeId(paper, made.model, createdAt), paper, model: made.model, provider: made.provider, promptVersion: made.promptVersion, createdAt };
}

/** What the prototype's URL tells us about the paper; the title came from the tab. */
export function paperFromLegacyUrl(pageUrl: string, title: string): PaperRef {
  let url: URL | undefined;
  try {
    url = new URL(pageUrl);
  } catch {
    url = undefined;
  }
  const base = { title, authors: [] as string[], pageUrl };
  const arxiv = url && /(^|\.)arxiv\.org$/.test(url.hostname) ? /^\/(?:abs|pdf)\/(.+?)(?:\.pdf)?\/?$/.exec(url.pathname) : null;
  if (arxiv?.[1]) {
    const paperId = arxiv[1];
    const version = /v(\d+)$/.exec(paperId)?.[1];
    return { ...base, site: 'arxiv', paperId, ...(version ? { version: Number(version) } : {}) };
  }
  const acm = url?.hostname === 'dl.acm.org' ? /^\/doi\/(?:pdf\/|abs\/|fullHtml\/)?(10\.\d+\/[^?#]+?)\/?$/.exec(url.pathname) : null;
  if (acm?.[1]) return { ...base, site: 'acm', paperId: acm[1] };
  const usenix = url?.hostname === 'www.usenix.org' ? /^\/conference\/([^/]+)\/presentation\/([^/]+)\/?$/.exec(url.pathname) : null;
  if (usenix?.[1] && usenix[2]) return { ...base, site: 'usenix', paperId: `${usenix[1]}/${usenix[2]}` };
  return { ...base, site: 'generic', paperId: pageUrl };
}

export function migrateTakeV1(old: StoredTakeV1): StoredTakeV2 {
  const paper = paperFromLegacyUrl(old.paperUrl, old.title);
  const createdAt = new Date(old.createdAt).toISOString();
  return {
    schemaVersion: 2,
    id: takeId(paper, old.model, createdAt),
    paper,
    model: old.model,
    // The prototype only spoke to OpenAI and had no prompt versioning: its prompt is version 1.
    provider: 'openai',
    promptVersion: 1,
    createdAt,
    markdown: old.critique,
  };
}

export function migrateTakeV2(old: StoredTakeV2): StoredTakeV3 {
  return {
    schemaVersion: 3,
    id: old.id,
    paper: old.paper,
    model: old.model,
    provider: old.provider,
    promptVersion: old.promptVersion,
    createdAt: old.createdAt,
    kind: 'full',
    // v2 only saved finished streams.
    status: 'complete',
    verdict: firstSentence(old.markdown),
    markdown: old.markdown,
    quoteChecks: [],
    usage: {
      inputTokens: old.usage?.inputTokens ?? 0,
      outputTokens: old.usage?.outputTokens ?? 0,
      ...(old.costUsd === undefined ? {} : { costUsd: old.costUsd }),
    },
    followUps: [],
  };
}

export function migrateTakeV3({ schemaVersion: _v3, ...old }: StoredTakeV3): StoredTakeV4 {
  return { ...old, schemaVersion: 4, figures: [] };
}

/** What a take keeps of the figures it was sent with, within the bounds above. */
export function savedFigures(figures: readonly SavedFigure[]): SavedFigure[] {
  return figures.slice(0, maxSavedFigures).map(({ number, page, caption, thumbnail }) => ({
    number,
    page,
    caption: caption.length > savedCaptionChars ? `${caption.slice(0, savedCaptionChars - 1)}…` : caption,
    ...(thumbnail && thumbnail.length <= maxSavedThumbnailChars && thumbnail.startsWith('data:image/jpeg;base64,') ? { thumbnail } : {}),
  }));
}

/**
 * The verdict line v2 never stored: the first sentence of the take, without Markdown decoration. Heading lines are
 * skipped, also where a model writes its text straight under a heading without a blank line between them.
 */
export function firstSentence(markdown: string): string {
  const firstParagraph =
    markdown
      .split(/\n\s*\n/)
      .map((block) =>
        block
          .split('\n')
          .filter((line) => !line.trim().startsWith('#'))
          .join('\n')
          .trim(),
      )
      .find((block) => block) ?? '';
  const plain = firstParagraph.replace(/[*_`>#]+/g, '').replace(/\s+/g, ' ').trim();
  const sentence = /^(.+?[.!?])(\s|$)/.exec(plain)?.[1] ?? plain;
  return sentence.length > 160 ? `${sentence.slice(0, 159)}…` : sentence;
}

/** Which version a raw record or exported take is in; undefined when it is none of ours. */
export function recordVersion(raw: unknown): number | undefined {
  if (!isObject(raw)) return undefined;
  if (raw.schemaVersion === undefined) return typeof raw.critique === 'string' && typeof raw.paperUrl === 'string' ? 1 : undefined;
  return typeof raw.schemaVersion === 'number' && Number.isInteger(raw.schemaVersion) ? raw.schemaVersion : undefined;
}

export type UpgradeResult = { ok: true; take: Take; migratedFrom?: number } | { ok: false; reason: string };

/**
 * Runs only the migrations after the record's own version: a record written at v3 never passes through the v1 or
 * v2 migrations (the bug class of wxt-dev/wxt#1775), then validates the result.
 */
export function upgradeTakeRecord(raw: unknown): UpgradeResult {
  const version = recordVersion(raw);
  if (version === undefined) return { ok: false, reason: 'not a Shedder’s Take record (no schemaVersion, critique or paperUrl)' };
  if (version > TAKE_SCHEMA_VERSION) {
    return { ok: false, reason: `written by a newer Shedder’s Take (schema v${version}; this version reads up to v${TAKE_SCHEMA_VERSION})` };
  }
  let record: unknown = raw;
  try {
    if (version <= 1) record = migrateTakeV1(checkedV1(record));
    if (version <= 2) record = migrateTakeV2(checkedV2(record));
    if (version <= 3) record = migrateTakeV3(record as StoredTakeV3);
  } catch (error) {
    return { ok: false, reason: `cannot migrate from v${version}: ${(error as Error).message}` };
  }
  const invalid = describeInvalidTake(record);
  if (invalid) return { ok: false, reason: invalid };
  const { schemaVersion: _schemaVersion, ...take } = record as StoredTakeV4;
  return version < TAKE_SCHEMA_VERSION ? { ok: true, take, migratedFrom: version } : { ok: true, take };
}

export function toStoredRecord(take: Take): StoredTakeV4 {
  return { schemaVersion: TAKE_SCHEMA_VERSION, ...take };
}

function checkedV1(raw: unknown): StoredTakeV1 {
  const r = raw as Record<string, unknown>;
  if (typeof r.id !== 'string' || typeof r.paperUrl !== 'string' || typeof r.critique !== 'string') {
    throw new TypeError('v1 record needs id, paperUrl and critique');
  }
  if (typeof r.model !== 'string' || typeof r.createdAt !== 'number') throw new TypeError('v1 record needs model and createdAt (ms)');
  return { id: r.id, paperUrl: r.paperUrl, title: typeof r.title === 'string' ? r.title : r.paperUrl, critique: r.critique, model: r.model, createdAt: r.createdAt };
}

function checkedV2(raw: unknown): StoredTakeV2 {
  const r = raw as Record<string, unknown>;
  if (typeof r.id !== 'string' || typeof r.markdown !== 'string' || typeof r.model !== 'string' || typeof r.createdAt !== 'string') {
    throw new TypeError('v2 record needs id, markdown, model and createdAt');
  }
  if (describeInvalidPaper(r.paper)) throw new TypeError(`v2 record: ${describeInvalidPaper(r.paper)}`);
  return raw as StoredTakeV2;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeInvalidPaper(paper: unknown): string | undefined {
  if (!isObject(paper)) return 'paper is missing';
  if (!isSiteId(paper.site)) return `paper.site “${String(paper.site)}” is not one we know`;
  if (typeof paper.paperId !== 'string' || !paper.paperId) return 'paper.paperId is missing';
  if (typeof paper.title !== 'string') return 'paper.title is missing';
  if (!Array.isArray(paper.authors) || !paper.authors.every((a) => typeof a === 'string')) return 'paper.authors is not a list of names';
  if (typeof paper.pageUrl !== 'string') return 'paper.pageUrl is missing';
  return undefined;
}

/** A reason a value is not a valid current take, in words for the import report; undefined when it is valid. */
export function describeInvalidTake(value: unknown): string | undefined {
  if (!isObject(value)) return 'not an object';
  const paperProblem = describeInvalidPaper(value.paper);
  if (paperProblem) return paperProblem;
  for (const field of ['id', 'model', 'provider', 'createdAt', 'verdict', 'markdown'] as const) {
    if (typeof value[field] !== 'string') return `${field} is missing or not text`;
  }
  if (!value.id) return 'id is empty';
  if (Number.isNaN(Date.parse(value.createdAt as string))) return 'createdAt is not a date';
  if (typeof value.promptVersion !== 'number') return 'promptVersion is missing';
  if (value.kind !== 'full' && value.kind !== 'quick') return 'kind must be “full” or “quick”';
  if (value.status !== 'complete' && value.status !== 'partial') return 'status must be “complete” or “partial”';
  const usage = value.usage;
  if (!isObject(usage) || typeof usage.inputTokens !== 'number' || typeof usage.outputTokens !== 'number') return 'usage tokens are missing';
  if (usage.costUsd !== undefined && typeof usage.costUsd !== 'number') return 'usage.costUsd is not a number';
  if (!Array.isArray(value.quoteChecks) || !value.quoteChecks.every(isQuoteCheck)) return 'quoteChecks are malformed';
  if (!Array.isArray(value.followUps) || !value.followUps.every(isFollowUp)) return 'followUps are malformed';
  const reading = value.reading;
  if (reading !== undefined && (!isObject(reading) || typeof reading.summary !== 'string' || typeof reading.hiddenText !== 'number')) return 'reading is malformed';
  if (!Array.isArray(value.figures) || value.figures.length > maxSavedFigures || !value.figures.every(isSavedFigure)) return 'figures are malformed or too many';
  return undefined;
}

function isSavedFigure(value: unknown): boolean {
  return (
    isObject(value) &&
    typeof value.number === 'number' &&
    typeof value.page === 'number' &&
    typeof value.caption === 'string' &&
    value.caption.length <= savedCaptionChars &&
    (value.thumbnail === undefined ||
      (typeof value.thumbnail === 'string' && value.thumbnail.length <= maxSavedThumbnailChars && value.thumbnail.startsWith('data:image/jpeg;base64,')))
  );
}

function isQuoteCheck(value: unknown): boolean {
  return (
    isObject(value) &&
    typeof value.quote === 'string' &&
    (value.status === 'verified' || value.status === 'not-found') &&
    (value.page === undefined || typeof value.page === 'number') &&
    (value.foundOnPage === undefined || typeof value.foundOnPage === 'number')
  );
}

function isFollowUp(value: unknown): boolean {
  return isObject(value) && (value.role === 'user' || value.role === 'assistant') && typeof value.content === 'string';
}

/**
 * The most a saved take may hold, as JSON text: four times the longest answer the model service reads, which leaves
 * room for a thread of follow-ups. A record past it is refused rather than written, so no one take can fill storage.
 */
export const maxStoredTakeChars = 1024 * 1024;

/**
 * Why a take may not be written to the library, in words for the reader; undefined when it may. A take made here and a
 * take from an imported file pass the same checks: its shape, a paper whose page is an https page of its site (never
 * data: or javascript:), a PDF that is that paper's own (`bindPdfToPaper`), an id filed under that same paper, and a
 * size under `maxStoredTakeChars`.
 */
export function describeUnsavableTake(value: unknown, enabledOrigins: readonly string[]): string | undefined {
  const invalid = describeInvalidTake(value);
  if (invalid) return invalid;
  const take = value as Take;
  const page = pageProblem(take.paper);
  if (page) return page;
  if (!isPaperRef(take.paper)) return "the paper's description is malformed (a field is too long, or an address is not https://)";
  const binding = bindPdfToPaper(take.paper, enabledOrigins);
  if (binding.kind === 'refused') return binding.problem;
  const prefix = takeIdPrefix(take.paper);
  if (!take.id.startsWith(prefix)) return `its id (${take.id.slice(0, 80)}) is filed under another paper than ${prefix.slice(0, -1)}`;
  const size = JSON.stringify(take).length;
  if (size > maxStoredTakeChars) return `it is ${Math.round(size / 1024)} KB, over the ${maxStoredTakeChars / 1024} KB a saved take may hold`;
  return undefined;
}
