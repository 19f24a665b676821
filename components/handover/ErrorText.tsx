import { useTranslation } from 'react-i18next';
import { toHandoverError } from '@/lib/handover/errors';

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
  return (
    <p role="alert" className="error" data-testid={testId} data-code={failure.code}>
      {t(failure.messageKey, failure.params)}
      {unchanged ? ` ${t('handover.unchanged')}` : ''}
    </p>
  );
}
