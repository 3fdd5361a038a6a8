import { pdfPageLink } from '@/utils/take/pdf-page-link';
import type { ShownFigure } from '@/utils/store/take-store';

/** What Shedder looked at: the figures sent with the take, each a link to its page of the PDF. */
export function FigureStrip({ figures, pdfUrl }: { figures: readonly ShownFigure[]; pdfUrl?: string }) {
  if (figures.length === 0) return null;
  return (
    <details className="figure-strip" open>
      <summary>
        Figures Shedder looked at ({figures.length})
      </summary>
      <ul>
        {figures.map((figure) => {
          const href = pdfPageLink(pdfUrl, figure.page);
          // One box for every thumbnail, whatever its shape, so the labels under them line up.
          const picture = (
            <span className="figure-thumb">{figure.thumbnail ? <img src={figure.thumbnail} alt={`Fig. ${figure.number}`} /> : <span className="figure-placeholder">Fig. {figure.number}</span>}</span>
          );
          const name = `Fig. ${figure.number}, p. ${figure.page}`;
          return (
            <li key={figure.number} title={figure.caption}>
              {href ? (
                <a href={href} target="_blank" rel="noopener noreferrer" aria-label={`${name}: open page ${figure.page} of the PDF`}>
                  {picture}
                  <span>{name}</span>
                </a>
              ) : (
                <>
                  {picture}
                  <span>{name}</span>
                </>
              )}
            </li>
          );
        })}
      </ul>
    </details>
  );
}
