import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nRoot } from '@/components/I18nRoot';
import { DashboardApp } from '@/components/dashboard/DashboardApp';
import { openBook } from '@/lib/open-book';
import { getPreferences } from '@/lib/storage';

/**
 * The page itself, rendered into `root` over whatever the first chunk drew there once the rep's
 * language is read, so no blank frame comes between.
 */
export async function startDashboard(root: HTMLElement): Promise<void> {
  // The database with every room's reaction to writes, before anything reads or writes it.
  openBook();
  const { uiLanguage } = await getPreferences();
  createRoot(root).render(
    <StrictMode>
      <I18nRoot initialChoice={uiLanguage}>
        <DashboardApp />
      </I18nRoot>
    </StrictMode>,
  );
}
