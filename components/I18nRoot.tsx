import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { I18nextProvider, useTranslation } from 'react-i18next';
import { createI18n, pickLanguage, type UiLanguage } from '@/lib/i18n';
import { getPreferences, preferencesItem, setPreferences, type Preferences } from '@/lib/storage';

type Choice = Preferences['uiLanguage'];

const LanguageChoice = createContext<{ choice: Choice; setChoice: (choice: Choice) => void }>({
  choice: 'auto',
  setChoice: () => undefined,
});

/** The rep's language choice ('auto' follows the browser) and a way to change it everywhere. */
export function useLanguageChoice() {
  return useContext(LanguageChoice);
}

function resolve(choice: Choice): UiLanguage {
  return choice === 'auto' ? pickLanguage(navigator.language) : choice;
}

/** Provides translations to every extension page; follows the stored choice live across pages. */
export function I18nRoot({ children, initialChoice }: { children: ReactNode; initialChoice?: Choice }) {
  // Without a choice read beforehand, nothing renders until storage answers (no flash of the other language).
  const [choice, setChoiceState] = useState<Choice | null>(initialChoice ?? null);

  useEffect(() => {
    void getPreferences().then((p) => setChoiceState(p.uiLanguage));
    return preferencesItem.watch((next) => setChoiceState(next.uiLanguage));
  }, []);

  const setChoice = useCallback((next: Choice) => {
    setChoiceState(next);
    void setPreferences({ uiLanguage: next });
  }, []);

  const i18n = useMemo(() => (choice === null ? null : createI18n(resolve(choice))), [choice]);
  useEffect(() => {
    if (i18n) document.documentElement.lang = i18n.language;
  }, [i18n]);
  if (!i18n || choice === null) return null;
  return (
    <LanguageChoice.Provider value={{ choice, setChoice }}>
      <I18nextProvider i18n={i18n}>{children}</I18nextProvider>
    </LanguageChoice.Provider>
  );
}

export function LanguageSwitch() {
  const { choice, setChoice } = useLanguageChoice();
  const { t } = useTranslation();
  return (
    <select
      aria-label={t('common.language')}
      data-testid="language-switch"
      value={choice}
      onChange={(e) => setChoice(e.target.value as Choice)}
    >
      <option value="auto">{t('common.languageAuto')}</option>
      <option value="en">English</option>
      <option value="zh-CN">简体中文</option>
    </select>
  );
}
