import { useTranslation } from 'react-i18next';
import { toHandoverError } from '@/lib/handover/errors';
import { BOOK_TABLES, type BookTable } from '@/lib/handover/format';

/** A handover failure as a sentence the rep understands; `unchanged` adds "your book was not changed". */
export function ErrorText({
  error,
  unchanged,
  testId,
}: {
  error: unknown;
  unchanged?: boolean;
  testId: string;
}) {
  const { t } = useTranslation();
  const failure = toHandoverError(error);
  const params = { ...failure.params };
  // A table is named in the rep's language, not by its internal name.
  if (BOOK_TABLES.includes(params.table as BookTable)) params.table = t(`handover.tables.${params.table}`);
  return (
    <p role="alert" className="error" data-testid={testId} data-code={failure.code}>
      {t(failure.messageKey, params)}
      {unchanged ? ` ${t('handover.unchanged')}` : ''}
    </p>
  );
}
