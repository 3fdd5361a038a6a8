import type { PriceDraft } from '@/utils/storage/settings';

/** Editable per-model prices (USD per 1M tokens); the strings are validated on Save, as typed. */
export function PriceTable({ rows, onChange, error }: { rows: PriceDraft[]; onChange: (rows: PriceDraft[]) => void; error?: string }) {
  const update = (index: number, patch: Partial<PriceDraft>) => onChange(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  return (
    <fieldset aria-describedby={error ? 'prices-error' : undefined}>
      <legend>Prices (USD per 1M tokens), used to show what each take cost</legend>
      <table>
        <thead>
          <tr>
            <th scope="col">Model</th>
            <th scope="col">$ / 1M input</th>
            <th scope="col">$ / 1M output</th>
            <th scope="col">
              <span className="visually-hidden">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => (
            <tr key={index}>
              <td>
                <input aria-label={`Price row ${index + 1}: model`} value={row.model} onChange={(e) => update(index, { model: e.target.value })} />
              </td>
              <td>
                <input aria-label={`Price row ${index + 1}: $ per 1M input tokens`} inputMode="decimal" value={row.inputPerMillion} onChange={(e) => update(index, { inputPerMillion: e.target.value })} />
              </td>
              <td>
                <input aria-label={`Price row ${index + 1}: $ per 1M output tokens`} inputMode="decimal" value={row.outputPerMillion} onChange={(e) => update(index, { outputPerMillion: e.target.value })} />
              </td>
              <td>
                <button type="button" aria-label={`Remove price row ${index + 1} (${row.model || 'no model'})`} onClick={() => onChange(rows.filter((_, i) => i !== index))}>
                  Remove
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" onClick={() => onChange([...rows, { model: '', inputPerMillion: '', outputPerMillion: '' }])}>
        Add a price
      </button>
      {error && (
        <p id="prices-error" className="field-error">
          {error}
        </p>
      )}
    </fieldset>
  );
}
