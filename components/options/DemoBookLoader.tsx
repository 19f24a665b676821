import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { db } from '@/lib/db/db';
import { seedEmptyBook } from '@/lib/db/seed';
import { demoBook } from '@/lib/demo/book';
import { useAction } from '../panel/useAction';

/** Fills an empty book with the demo customers, so the product can be tried without real data. */
export function DemoBookLoader() {
  const { t } = useTranslation();
  const { busy, error, run } = useAction();
  const [done, setDone] = useState(false);

  const load = () =>
    run(async () => {
      const book = demoBook(Date.now());
      await seedEmptyBook(db, book, book.reps[0]?.id);
      setDone(true);
    });

  return (
    <div>
      <p className="hint">{t('options.demo.explain')}</p>
      <button
        type="button"
        className="primary"
        disabled={busy || done}
        onClick={() => void load()}
        data-testid="load-demo"
      >
        {t('options.demo.load')}
      </button>
      {done && (
        <p role="status" data-testid="demo-loaded">
          {t('options.demo.loaded')}
        </p>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </div>
  );
}
