import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { db } from '@/lib/db/db';
import {
  IMPORT_FIELDS,
  IMPORT_KINDS,
  guessMapping,
  type ColumnMapping,
  type ImportKind,
} from '@/lib/csv/fields';
import {
  CsvFileRefused,
  commitImport,
  importContext,
  parseCsvFile,
  planImport,
  type ImportContext,
  type ParsedCsv,
  type RowError,
} from '@/lib/csv/import';
import { useAction } from '@/components/panel/useAction';

const PREVIEW_ROWS = 10;

function errorText(t: TFunction, e: RowError): string {
  const params = { ...e.params };
  if (e.reason === 'csv.error.required') params.field = t(`csv.field.${e.field}`);
  return `${t('csv.row', { row: e.row })}: ${t(e.reason, params)}`;
}

/**
 * CSV import of companies, contacts or orders: pick the file, check the guessed
 * column mapping, see a preview and every row's problems; the import button
 * writes all rows at once, and only when no row has a problem.
 */
export function CsvImport() {
  const { t } = useTranslation();
  const [kind, setKind] = useState<ImportKind>('companies');
  const [csv, setCsv] = useState<ParsedCsv | null>(null);
  const [mapping, setMapping] = useState<ColumnMapping>({});
  const [context, setContext] = useState<ImportContext | null>(null);
  const [imported, setImported] = useState<number | null>(null);
  const { busy, error, run } = useAction();
  const [reading, setReading] = useState<number | null>(null);
  const [refused, setRefused] = useState<string | null>(null);

  const plan = useMemo(
    () => (csv && context ? planImport(kind, csv, mapping, context) : null),
    [csv, context, kind, mapping],
  );

  async function load(file: File) {
    setImported(null);
    setRefused(null);
    setCsv(null);
    let parsed;
    try {
      setReading(0);
      parsed = await parseCsvFile(file, setReading);
    } catch (e) {
      if (!(e instanceof CsvFileRefused)) throw e;
      setRefused(t(e.reason, e.params));
      return;
    } finally {
      setReading(null);
    }
    setCsv(parsed);
    setMapping(guessMapping(kind, parsed.headers));
    setContext(await importContext(db));
  }

  function changeKind(next: ImportKind) {
    setKind(next);
    setImported(null);
    if (csv) setMapping(guessMapping(next, csv.headers));
  }

  async function submit() {
    if (!plan) return;
    const count = await run(() => commitImport(db, plan));
    if (count === undefined) return;
    setImported(count);
    setCsv(null);
    setContext(null);
  }

  const specs = IMPORT_FIELDS[kind];
  const mappedSpecs = specs.filter((s) => (mapping[s.field] ?? null) !== null);
  return (
    <section className="csv-import" data-testid="csv-import">
      <h3>{t('csv.title')}</h3>
      <label>
        {t('csv.kindLabel')}
        <select
          data-testid="csv-kind"
          value={kind}
          onChange={(e) => changeKind(e.target.value as ImportKind)}
        >
          {IMPORT_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`csv.kind.${k}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('csv.file')}
        <input
          type="file"
          accept=".csv,text/csv"
          data-testid="csv-file"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void run(() => load(file));
          }}
        />
      </label>
      {imported !== null && (
        <p className="notice" data-testid="csv-imported">
          {t('csv.imported', { count: imported })}
        </p>
      )}
      {reading !== null && (
        <p className="hint" role="status" data-testid="csv-reading">
          {t('csv.reading', { percent: Math.round(reading * 100) })}
        </p>
      )}
      {refused && (
        <p className="error" role="alert" data-testid="csv-refused">
          {refused}
        </p>
      )}
      {error && <p className="error">{error}</p>}
      {csv && (
        <>
          <h4>{t('csv.mapping')}</h4>
          <p className="hint">{t('csv.mappingHint')}</p>
          {specs.map((spec) => (
            <label key={spec.field}>
              {spec.required
                ? t('csv.required', { field: t(`csv.field.${spec.field}`) })
                : t(`csv.field.${spec.field}`)}
              <select
                data-testid={`csv-map-${spec.field}`}
                value={mapping[spec.field] ?? ''}
                onChange={(e) =>
                  setMapping({
                    ...mapping,
                    [spec.field]: e.target.value === '' ? null : Number(e.target.value),
                  })
                }
              >
                <option value="">{t('csv.none')}</option>
                {csv.headers.map((h, i) => (
                  <option key={i} value={i}>
                    {h || `#${i + 1}`}
                  </option>
                ))}
              </select>
            </label>
          ))}
          {csv.rows.length === 0 ? (
            <p className="hint">{t('csv.empty')}</p>
          ) : (
            <>
              <h4>
                {t('csv.preview', { shown: Math.min(PREVIEW_ROWS, csv.rows.length), total: csv.rows.length })}
              </h4>
              <table className="plain" data-testid="csv-preview">
                <thead>
                  <tr>
                    <th>#</th>
                    {mappedSpecs.map((s) => (
                      <th key={s.field}>{t(`csv.field.${s.field}`)}</th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {csv.rows.slice(0, PREVIEW_ROWS).map((cells, i) => (
                    <tr key={i}>
                      <td>{i + 2}</td>
                      {mappedSpecs.map((s) => (
                        <td key={s.field}>{cells[mapping[s.field]!] ?? ''}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
          {plan && plan.unmapped.length > 0 && (
            <p className="error" data-testid="csv-unmapped">
              {t('csv.unmapped', { fields: plan.unmapped.map((f) => t(`csv.field.${f}`)).join(', ') })}
            </p>
          )}
          {plan && plan.errors.length > 0 && (
            <div className="error" data-testid="csv-errors">
              <p>{t('csv.problems', { count: plan.errors.length })}</p>
              <ul>
                {plan.errors.map((e, i) => (
                  <li key={i} data-row={e.row}>
                    {errorText(t, e)}
                  </li>
                ))}
              </ul>
            </div>
          )}
          <button
            type="button"
            className="primary"
            data-testid="csv-import-button"
            disabled={
              busy || !plan || plan.errors.length > 0 || plan.unmapped.length > 0 || plan.records.length === 0
            }
            onClick={() => void submit()}
          >
            {t('csv.import', { count: plan?.records.length ?? 0 })}
          </button>
        </>
      )}
    </section>
  );
}
