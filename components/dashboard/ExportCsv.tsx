import { useTranslation } from 'react-i18next';
import { tableCsv } from './tableCsv';

// "Export CSV" for one table of the page: the file is read from the table on
// screen (tableCsv), so it holds exactly what the manager sees, through the
// project's one CSV writer (formula-looking cells neutralised).

export function ExportCsv({ tableId, name, label }: { tableId: string; name: string; label?: string }) {
  const { t } = useTranslation();
  const save = () => {
    const table = document.getElementById(tableId);
    if (!(table instanceof HTMLTableElement)) return;
    const url = URL.createObjectURL(new Blob([tableCsv(table)], { type: 'text/csv;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = `${name}-${new Date().toISOString().slice(0, 10)}.csv`;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };
  return (
    <button type="button" className="export-csv no-print" onClick={save} data-testid={`export-${tableId}`}>
      {label ?? t('dashboard.export.csv')}
    </button>
  );
}
