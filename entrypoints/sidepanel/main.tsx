import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nRoot } from '@/components/I18nRoot';
import { PanelApp } from '@/components/panel/PanelApp';
import '@/components/styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nRoot>
      <PanelApp />
    </I18nRoot>
  </StrictMode>,
);
