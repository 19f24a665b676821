import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from './format';

// One pager for the dashboard's long tables (the logged threads, the at-risk
// customers): a page of rows at a time, "Previous", "first–last of total" read
// out when it changes, "Next", and whatever the table puts before them (its CSV
// export). usePage keeps the page in range when the rows shrink (a filter).

export interface Paged<T> {
  /** The rows of the page shown. */
  shown: T[];
  /** The page shown, from 0 (kept inside the rows when they shrink). */
  page: number;
  pages: number;
  setPage: (page: number) => void;
  /** Index of the first row shown in all the rows. */
  offset: number;
  total: number;
}

export function usePage<T>(rows: readonly T[], size: number): Paged<T> {
  const [page, setPage] = useState(0);
  const pages = Math.max(1, Math.ceil(rows.length / size));
  const current = Math.min(page, pages - 1);
  return {
    shown: rows.slice(current * size, (current + 1) * size),
    page: current,
    pages,
    setPage,
    offset: current * size,
    total: rows.length,
  };
}

export function Pager<T>({
  paged,
  label,
  testId = 'page',
  children,
  hideWhenSingle = false,
}: {
  paged: Paged<T>;
  /** What the pages are of, for screen readers ("Pages of threads"). */
  label: string;
  /** Prefix of the controls' test ids: `${testId}-previous`, `-range`, `-next`. */
  testId?: string;
  /** Shown before the controls (the table's export). */
  children?: ReactNode;
  /** Leave the controls out when everything fits on one page. */
  hideWhenSingle?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const n = (x: number) => formatNumber(x, i18n.language, 0);
  const { page, pages, setPage, offset, shown, total } = paged;
  const controls = !(hideWhenSingle && pages <= 1);
  return (
    <nav className="pager no-print" aria-label={label}>
      {children}
      {controls && (
        <>
          <button
            type="button"
            disabled={page === 0}
            onClick={() => setPage(page - 1)}
            data-testid={`${testId}-previous`}
          >
            {t('dashboard.threads.previous')}
          </button>
          <span data-testid={`${testId}-range`} aria-live="polite">
            {t('dashboard.threads.range', {
              first: n(total === 0 ? 0 : offset + 1),
              last: n(offset + shown.length),
              total: n(total),
            })}
          </span>
          <button
            type="button"
            disabled={page >= pages - 1}
            onClick={() => setPage(page + 1)}
            data-testid={`${testId}-next`}
          >
            {t('dashboard.threads.next')}
          </button>
        </>
      )}
    </nav>
  );
}
