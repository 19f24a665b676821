import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nRoot } from '@/components/I18nRoot';
import { OptionsApp } from '@/components/options/OptionsApp';
import { DocumentTitle } from '@/components/panel/DocumentTitle';
import '@/components/styles.css';
import { openBook } from '@/lib/open-book';

// The database with every room's reaction to writes, before anything reads or writes it.
openBook();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nRoot>
      <DocumentTitle titleKey="options.title" />
      <OptionsApp />
    </I18nRoot>
  </StrictMode>,
);
