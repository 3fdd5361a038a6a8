/**
 * The paper's reference list in the few words the model needs to judge what the paper cites: first authors'
 * surname, the title's opening words, the venue's short name, the year: about a third of the raw list's tokens.
 * Pure: works on the entries the extraction parsed.
 */
import type { Reference } from './structure';

/** Conference and journal short names common in systems papers and their neighbours, as reference lists print them. */
export const venueNames = [
  'OSDI', 'SOSP', 'NSDI', 'ATC', 'EuroSys', 'FAST', 'ASPLOS', 'ISCA', 'MICRO', 'HPCA', 'SIGCOMM', 'SIGMOD', 'PVLDB', 'VLDB', 'ICDE',
  'PLDI', 'POPL', 'OOPSLA', 'ECOOP', 'CGO', 'VEE', 'ICML', 'NeurIPS', 'NIPS', 'ICLR', 'MLSys', 'SoCC', 'SIGMETRICS', 'Middleware',
  'CIDR', 'KDD', 'WWW', 'CoNEXT', 'HotOS', 'HotNets', 'HotCloud', 'HotStorage', 'PPoPP', 'IPDPS', 'SC', 'ACL', 'NAACL', 'EMNLP', 'COLING',
  'DSN', 'SRDS', 'IMC', 'CCS', 'LISA', 'RTAS', 'RTSS', 'ICS', 'PODC', 'DISC', 'SPAA', 'TOCS', 'CACM', 'arXiv',
];
const venuePattern = new RegExp(`\\b(${venueNames.join('|')})(?=\\b|['’\\d -])`);

/** Entries longer than this many title words are cut: the opening words identify a work. */
const maxTitleWords = 8;

/** Sentences end at ".", "?" or "!" after a lower-case letter, digit, bracket or a two-letter word, never after initials ("J. Dean"). */
function sentences(text: string): string[] {
  return text
    .split(/(?<=[a-z0-9\])][.?!]|[?!])\s+(?=[A-Z"“\d])/)
    .map((part) => part.trim())
    .filter(Boolean);
}

function surnames(authors: string): string[] {
  const names = authors
    .replace(/\bet al\.?/g, '')
    .split(/\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*/)
    .map((name) => name.trim())
    .filter((name) => /\p{L}{2}/u.test(name));
  return names.map((name) => name.split(/\s+/).filter((word) => /\p{L}{2}/u.test(word)).at(-1) ?? name);
}

function shortTitle(title: string): string {
  const cut = title
    // What follows the title in the same sentence: a venue, a URL, a year.
    .split(/\s+(?:In |arXiv preprint|https?:|Technical report)|,\s*(?:19|20)\d\d\b|\s+-\s+https?:|\s+\S+\.(?:org|com|net|edu)\b/)[0]!
    .replace(/^["“]|["”,.]+$/g, '')
    .trim();
  const words = cut.split(/\s+/);
  return words.length > maxTitleWords ? `${words.slice(0, maxTitleWords).join(' ')}…` : cut;
}

/** "[13] Yu et al. Orca: A distributed serving system for transformer-based generative…. OSDI 2022." */
export function compactReference(reference: Reference): string {
  const body = reference.text.replace(/^\[\d+\]\s*|^\d{1,3}\.\s*/, '').replace(/\s+/g, ' ').trim();
  const parts = sentences(body);
  // Author-year styles put the year in a sentence of its own after the authors.
  const afterAuthors = /^(?:19|20)\d\d[a-z]?\.?$/.test(parts[1] ?? '') ? parts.slice(2) : parts.slice(1);
  const hasAuthors = afterAuthors.length > 0 && !/https?:|www\./.test(parts[0] ?? '');
  const names = hasAuthors ? surnames(parts[0] ?? '') : [];
  // The first author names the work ("Dean et al."); two authors are both named, as a reader would cite them.
  const who = names.length === 0 ? '' : names.length > 2 || /\bet al\b/.test(parts[0] ?? '') ? `${names[0]} et al.` : `${names.join(' and ')}.`;
  const title = shortTitle(hasAuthors ? (afterAuthors[0] ?? '') : (parts[0] ?? body));
  const venue = venuePattern.exec(hasAuthors ? afterAuthors.slice(1).join(' ') || (afterAuthors[0] ?? '') : body)?.[1];
  const where = [venue, reference.year].filter(Boolean).join(' ');
  return [`[${reference.index}]`, who, title ? `${title}.` : '', where ? `${where}.` : '']
    .filter(Boolean)
    .join(' ')
    .replace(/([.…?!])\.+/g, '$1');
}

export function compactReferenceList(references: readonly Reference[]): string {
  return references.map(compactReference).join('\n');
}
