import { useId, useState, type ChangeEvent } from 'react';
import { MAX_IMPORT_BYTES, StorageWriteError, TakeImportError, describeImportReport, importTakes, type ImportReport } from '@/utils/storage/takes';

type ImportOutcome = { ok: true; fileName: string; report: ImportReport } | { ok: false; message: string };

/** File input for a JSON export; shows what was added and what was skipped, and why. */
export function ImportTakes() {
  const [outcome, setOutcome] = useState<ImportOutcome>();
  const [busy, setBusy] = useState(false);
  const inputId = useId();

  const importFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const input = event.currentTarget;
    const file = input.files?.[0];
    if (!file) return;
    setBusy(true);
    try {
      // Refuse before reading: a huge file would freeze the page just to be turned down.
      if (file.size > MAX_IMPORT_BYTES) {
        setOutcome({ ok: false, message: `${file.name} is ${(file.size / 1024 / 1024).toFixed(1)} MB, over the ${MAX_IMPORT_BYTES / 1024 / 1024} MB import limit. Nothing was imported.` });
        return;
      }
      const report = await importTakes(await file.text());
      setOutcome({ ok: true, fileName: file.name, report });
    } catch (error) {
      const message =
        error instanceof TakeImportError ? error.message : error instanceof StorageWriteError ? error.userMessage : `Import failed: ${(error as Error).message}`;
      setOutcome({ ok: false, message: `${file.name}: ${message} Nothing was imported.` });
    } finally {
      setBusy(false);
      // Picking the same file again should import again.
      input.value = '';
    }
  };

  return (
    <div className="import">
      <label htmlFor={inputId}>Import takes (JSON export)</label>
      <input id={inputId} type="file" accept="application/json,.json" disabled={busy} onChange={(e) => void importFile(e)} />
      {outcome?.ok === false && (
        <p role="alert" className="field-error">
          {outcome.message}
        </p>
      )}
      {outcome?.ok && (
        <div className="import-report" aria-live="polite">
          <p>
            {outcome.fileName}: {describeImportReport(outcome.report)}
          </p>
          {outcome.report.skipped.length > 0 && (
            <ul>
              {outcome.report.skipped.map(({ index, reason }) => (
                <li key={index}>
                  Entry {index + 1}: {reason}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
