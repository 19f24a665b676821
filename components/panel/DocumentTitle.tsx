import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/** Sets the page's title (the tab, the window list) in the rep's language, following a switch. */
export function DocumentTitle({ titleKey }: { titleKey: string }) {
  const { t } = useTranslation();
  const title = t(titleKey);
  useEffect(() => {
    document.title = title;
  }, [title]);
  return null;
}
