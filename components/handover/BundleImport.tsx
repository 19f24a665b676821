import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CrmDb } from '@/lib/db/db';
import { HandoverError } from '@/lib/handover/errors';
import { BOOK_TABLES } from '@/lib/handover/format';
import {
  importBundle,
  previewImport,
  restoreBook,
  type ImportProgress,
  type ImportReport,
} from '@/lib/handover/import';
import { ErrorText } from './ErrorText';

type Step =
  | { kind: 'idle' }
  | { kind: 'checking'; read: number; total: number }
  | { kind: 'preview'; file: File; report: ImportReport }
  | { kind: 'running'; progress: ImportProgress }
  | { kind: 'done'; report: ImportReport }
  | { kind: 'error'; error: unknown };

/** A file size as the rep reads it: 840 KB, 12.4 MB. */
function size(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.ceil(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/**
 * Pick a bundle, see what it holds, confirm, watch it go in, or cancel (while it
 * is checked, too). `mode: 'import'` merges a colleague's book into this one;
 * `'restore'` replaces this book with a backup. Either way nothing changes until
 * the rep confirms, and a failure or cancel leaves the book as it was.
 */
export function BundleImport({
  db,
  mode,
  ownerRepId,
  disabled = false,
}: {
  db: CrmDb;
  mode: 'import' | 'restore';
  ownerRepId: string | undefined;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  const abort = useRef<AbortController | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const id = (name: string) => (mode === 'import' ? `import-${name}` : `restore-${name}`);

  const reset = () => {
    if (input.current) input.current.value = '';
  };

  const check = async (file: File | undefined) => {
    if (!file) return;
    const controller = new AbortController();
    abort.current = controller;
    setStep({ kind: 'checking', read: 0, total: file.size });
    try {
      const report = await previewImport(db, file, {
        newOwnerRepId: ownerRepId,
        signal: controller.signal,
        onRead: (read) => setStep({ kind: 'checking', read, total: file.size }),
      });
      if (mode === 'restore' && report.header.scope.kind === 'rep') throw new HandoverError('wrong-scope');
      setStep({ kind: 'preview', file, report });
    } catch (error) {
      setStep({ kind: 'error', error });
      reset();
    } finally {
      abort.current = null;
    }
  };

  const run = async (file: File, total: number) => {
    const controller = new AbortController();
    abort.current = controller;
    setStep({ kind: 'running', progress: { done: 0, total } });
    const options = {
      signal: controller.signal,
      onProgress: (progress: ImportProgress) => setStep({ kind: 'running', progress }),
    };
    try {
      const report =
        mode === 'import'
          ? await importBundle(db, file, { ...options, newOwnerRepId: ownerRepId })
          : await restoreBook(db, file, options);
      setStep({ kind: 'done', report });
    } catch (error) {
      setStep({ kind: 'error', error });
    } finally {
      abort.current = null;
      reset();
    }
  };

  const sum = (report: ImportReport, key: 'added' | 'merged') =>
    BOOK_TABLES.reduce((n, table) => n + report.tables[table][key], 0);

  return (
    <div className="bundle-import">
      <label>
        {mode === 'import' ? t('handover.import.file') : t('handover.backup.restoreFile')}{' '}
        <input
          ref={input}
          type="file"
          accept=".jsonl,application/jsonl,application/x-ndjson,text/plain"
          data-testid={id('file')}
          disabled={disabled || step.kind === 'checking' || step.kind === 'running'}
          onChange={(e) => void check(e.target.files?.[0])}
        />
      </label>
      {step.kind === 'checking' && (
        <div>
          <progress
            data-testid={id('check-progress')}
            value={step.read}
            max={Math.max(1, step.total)}
            aria-label={t('handover.import.checking')}
          />
          <span data-testid={id('check-read')}>
            {t('handover.import.checkingRead', { read: size(step.read), total: size(step.total) })}
          </span>{' '}
          <button type="button" data-testid={id('check-cancel')} onClick={() => abort.current?.abort()}>
            {t('handover.import.cancel')}
          </button>
        </div>
      )}
      {step.kind === 'preview' && (
        <div data-testid={id('preview')}>
          <h4>{t('handover.import.previewTitle')}</h4>
          <p>
            {t('handover.import.from', { date: new Date(step.report.header.exportedAt).toLocaleString() })}
          </p>
          <table>
            <thead>
              <tr>
                <th>{t('handover.import.table')}</th>
                <th>{t('handover.import.incoming')}</th>
                {mode === 'import' && <th>{t('handover.import.added')}</th>}
                {mode === 'import' && <th>{t('handover.import.merged')}</th>}
              </tr>
            </thead>
            <tbody>
              {BOOK_TABLES.filter((table) => step.report.tables[table].incoming > 0).map((table) => (
                <tr key={table} data-testid={`${id('count')}-${table}`}>
                  <td>{t(`handover.tables.${table}`)}</td>
                  <td>{step.report.tables[table].incoming}</td>
                  {mode === 'import' && <td>{step.report.tables[table].added}</td>}
                  {mode === 'import' && <td>{step.report.tables[table].merged}</td>}
                </tr>
              ))}
            </tbody>
          </table>
          {mode === 'import' && step.report.conflictCount > 0 && (
            <div data-testid="import-conflicts">
              <p>{t('handover.import.conflicts', { count: step.report.conflictCount })}</p>
              <ul>
                {step.report.conflicts.map((c) => (
                  <li key={`${c.table}-${c.incomingId}`}>
                    {t(`handover.tables.${c.table}`)}: {c.label} (
                    {t(`handover.import.matchedBy.${c.matchedBy}`)}
                    {c.fields.length ? `: ${c.fields.join(', ')}` : ''})
                  </li>
                ))}
              </ul>
            </div>
          )}
          {step.report.markupFields > 0 && (
            <p data-testid={id('markup')}>
              {t('handover.import.markup', { count: step.report.markupFields })}
            </p>
          )}
          {mode === 'restore' && step.report.header.scope.kind === 'all' && (
            <p data-testid="restore-keeps-rep">{t('handover.backup.keepsRep')}</p>
          )}
          <p>
            {mode === 'import'
              ? t('handover.import.owner')
              : t('handover.backup.restoreWarning', { total: step.report.total })}
          </p>
          <button
            type="button"
            data-testid={id('confirm')}
            onClick={() => void run(step.file, step.report.total)}
          >
            {mode === 'import' ? t('handover.import.confirm') : t('handover.backup.restoreConfirm')}
          </button>{' '}
          <button
            type="button"
            data-testid={id('dismiss')}
            onClick={() => {
              setStep({ kind: 'idle' });
              reset();
            }}
          >
            {t('handover.import.cancel')}
          </button>
        </div>
      )}
      {step.kind === 'running' && (
        <div>
          <progress
            data-testid={id('progress')}
            value={step.progress.done}
            max={Math.max(1, step.progress.total)}
            aria-label={t('handover.import.progress', { ...step.progress })}
          />
          <span>{t('handover.import.progress', { ...step.progress })}</span>{' '}
          <button type="button" data-testid={id('cancel')} onClick={() => abort.current?.abort()}>
            {t('handover.import.cancel')}
          </button>
        </div>
      )}
      {step.kind === 'done' && (
        <p role="status" data-testid={id('done')}>
          {mode === 'import'
            ? t('handover.import.done', {
                added: sum(step.report, 'added'),
                merged: sum(step.report, 'merged'),
              })
            : t('handover.backup.restored', { total: step.report.total })}
        </p>
      )}
      {step.kind === 'error' && <ErrorText error={step.error} unchanged testId={id('error')} />}
    </div>
  );
}
