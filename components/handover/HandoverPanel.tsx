import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { db as defaultDb, type CrmDb } from '@/lib/db/db';
import { backupBook } from '@/lib/handover/backup';
import { CSV_TABLES, exportCsv, type CsvTable } from '@/lib/handover/csv';
import { requestPersistentStorage, type PersistenceResult } from '@/lib/handover/durability';
import { bundleFileName, exportBook } from '@/lib/handover/export';
import type { BookScope } from '@/lib/handover/format';
import { reassignRep, type ReassignResult } from '@/lib/handover/reassign';
import { BundleImport } from './BundleImport';
import { downloadChunks } from './download';
import { ErrorText } from './ErrorText';

/** Where the book keeps which rep uses this browser (lib/db/book.ts writes it). */
const CURRENT_REP_KEY = 'currentRepId';

export interface HandoverPanelProps {
  /** Defaults to the extension's book. */
  db?: CrmDb;
  /** The rep who receives imported customers; defaults to the rep using this browser. */
  currentRepId?: string;
  /** For tests: the navigator whose storage is asked to persist. */
  storage?: Parameters<typeof requestPersistentStorage>[0];
}

type Outcome = { kind: 'ok'; text: string } | { kind: 'error'; error: unknown } | undefined;

/** The options page's section for moving, backing up and restoring the book. Renders text only. */
export function HandoverPanel({ db = defaultDb, currentRepId, storage }: HandoverPanelProps) {
  const { t } = useTranslation();
  const reps = useLiveQuery(() => db.reps.orderBy('id').toArray(), [db]);
  // Wrapped so "still loading" (undefined) differs from "no rep chosen yet" ({ value: undefined }).
  const storedRep = useLiveQuery(
    async () => ({ value: (await db.settings.get(CURRENT_REP_KEY))?.value }),
    [db],
  );
  const me = currentRepId ?? (typeof storedRep?.value === 'string' ? storedRep.value : undefined);
  // Until the rep is known, an export would carry no author and an import no owner.
  const ready = currentRepId !== undefined || storedRep !== undefined;

  const [persistence, setPersistence] = useState<PersistenceResult>();
  useEffect(() => {
    void requestPersistentStorage(storage).then(setPersistence);
  }, [storage]);

  const [scopeKind, setScopeKind] = useState<'all' | 'rep'>('all');
  const [shareRep, setShareRep] = useState('');
  const [exportOutcome, setExportOutcome] = useState<Outcome>();
  const [busy, setBusy] = useState(false);

  const save = async (
    make: () => { chunks: AsyncIterable<Uint8Array | string>; file: string; type: string },
  ) => {
    setBusy(true);
    setExportOutcome(undefined);
    try {
      const { chunks, file, type } = make();
      await downloadChunks(chunks, file, type);
      setExportOutcome({ kind: 'ok', text: file });
    } catch (error) {
      setExportOutcome({ kind: 'error', error });
    } finally {
      setBusy(false);
    }
  };

  const exportScope = (): BookScope =>
    scopeKind === 'rep' ? { kind: 'rep', repId: shareRep } : { kind: 'all' };
  const exportBundle = () =>
    save(() => {
      const scope = exportScope();
      return {
        chunks: exportBook(db, { scope, exportedBy: me }),
        file: bundleFileName(scope),
        type: 'application/jsonl',
      };
    });
  const exportBackup = () =>
    save(() => ({
      chunks: backupBook(db, { exportedBy: me }),
      file: bundleFileName({ kind: 'backup' }),
      type: 'application/jsonl',
    }));
  const exportTable = (table: CsvTable) =>
    save(() => ({
      chunks: exportCsv(db, table),
      file: `${table}-${new Date().toISOString().slice(0, 10)}.csv`,
      type: 'text/csv;charset=utf-8',
    }));

  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [reassigned, setReassigned] = useState<{ result: ReassignResult } | { error: unknown }>();
  const reassign = async () => {
    setReassigned(undefined);
    try {
      setReassigned({ result: await reassignRep(db, from, to) });
    } catch (error) {
      setReassigned({ error });
    }
  };

  const repOptions = (
    <>
      <option value="">{t('handover.reassign.pick')}</option>
      {reps?.map((rep) => (
        <option key={rep.id} value={rep.id}>
          {[rep.name || t('common.unnamedRep'), rep.email && `<${rep.email}>`].filter(Boolean).join(' ')}
        </option>
      ))}
    </>
  );

  return (
    <section className="handover" data-testid="handover-panel">
      <h2>{t('handover.title')}</h2>
      <p>{t('handover.intro')}</p>
      {persistence && <p data-testid="storage-persistence">{t(`handover.storage.${persistence}`)}</p>}
      <h3>{t('handover.export.title')}</h3>
      <fieldset>
        <legend>{t('handover.export.scope')}</legend>
        <label>
          <input
            type="radio"
            name="handover-scope"
            data-testid="export-scope-all"
            checked={scopeKind === 'all'}
            onChange={() => setScopeKind('all')}
          />{' '}
          {t('handover.export.all')}
        </label>{' '}
        <label>
          <input
            type="radio"
            name="handover-scope"
            data-testid="export-scope-rep"
            checked={scopeKind === 'rep'}
            onChange={() => setScopeKind('rep')}
          />{' '}
          {t('handover.export.rep')}
        </label>{' '}
        {scopeKind === 'rep' && (
          <select
            aria-label={t('handover.export.repPick')}
            data-testid="export-rep"
            value={shareRep}
            onChange={(e) => setShareRep(e.target.value)}
          >
            {repOptions}
          </select>
        )}
      </fieldset>
      <button
        type="button"
        data-testid="export-book"
        disabled={!ready || busy || (scopeKind === 'rep' && !shareRep)}
        onClick={() => void exportBundle()}
      >
        {busy ? t('handover.export.working') : t('handover.export.button')}
      </button>
      {exportOutcome?.kind === 'ok' && (
        <p role="status" data-testid="export-done">
          {t('handover.export.done', { file: exportOutcome.text })}
        </p>
      )}
      {exportOutcome?.kind === 'error' && <ErrorText error={exportOutcome.error} testId="export-error" />}
      <h3>{t('handover.import.title')}</h3>
      <p>{t('handover.import.hint')}</p>
      <BundleImport db={db} mode="import" ownerRepId={me} disabled={!ready} />
      <h3>{t('handover.reassign.title')}</h3>
      <label>
        {t('handover.reassign.from')}{' '}
        <select data-testid="reassign-from" value={from} onChange={(e) => setFrom(e.target.value)}>
          {repOptions}
        </select>
      </label>{' '}
      <label>
        {t('handover.reassign.to')}{' '}
        <select data-testid="reassign-to" value={to} onChange={(e) => setTo(e.target.value)}>
          {repOptions}
        </select>
      </label>{' '}
      <button
        type="button"
        data-testid="reassign-rep"
        disabled={!from || !to}
        onClick={() => void reassign()}
      >
        {t('handover.reassign.button')}
      </button>
      {reassigned && 'result' in reassigned && (
        <p role="status" data-testid="reassign-done">
          {t('handover.reassign.done', { ...reassigned.result })}
        </p>
      )}
      {reassigned && 'error' in reassigned && (
        <ErrorText error={reassigned.error} unchanged testId="reassign-error" />
      )}
      <h3>{t('handover.backup.title')}</h3>
      <button
        type="button"
        data-testid="backup-book"
        disabled={!ready || busy}
        onClick={() => void exportBackup()}
      >
        {t('handover.backup.button')}
      </button>
      <BundleImport db={db} mode="restore" ownerRepId={undefined} />
      <h3>{t('handover.csv.title')}</h3>
      {CSV_TABLES.map((table) => (
        <button
          key={table}
          type="button"
          data-testid={`csv-${table}`}
          disabled={busy}
          onClick={() => void exportTable(table)}
        >
          {t(`handover.csv.${table}`)}
        </button>
      ))}
    </section>
  );
}
