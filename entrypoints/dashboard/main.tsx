import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nRoot } from '@/components/I18nRoot';
import { DashboardApp } from '@/components/dashboard/DashboardApp';
import '@/components/styles.css';
import { openBook } from '@/lib/open-book';

// The database with every room's reaction to writes, before anything reads or writes it.
openBook();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nRoot>
      <DashboardApp />
    </I18nRoot>
  </StrictMode>,
);
