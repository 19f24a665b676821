import i18next, { type i18n as I18n } from 'i18next';

// UI strings live in lib/i18n/locales/<lang>/<room>.json, one file per room so
// each feature owns its words; keys are used as `<room>.<key>` (e.g. risk.level.high).
// English and Simplified Chinese; the rep can switch in the panel, the default
// follows the browser.

export const LANGUAGES = ['en', 'zh-CN'] as const;
export type UiLanguage = (typeof LANGUAGES)[number];

type Tree = { [key: string]: string | Tree };

const files = import.meta.glob<Tree>('./locales/*/*.json', { eager: true, import: 'default' });

export function loadResources(): Record<UiLanguage, Tree> {
  const resources: Record<string, Tree> = {};
  for (const [path, tree] of Object.entries(files)) {
    const match = /\.\/locales\/([^/]+)\/([^/]+)\.json$/.exec(path);
    if (!match) continue;
    const [, lang, room] = match as unknown as [string, string, string];
    (resources[lang] ??= {})[room] = tree;
  }
  return resources as Record<UiLanguage, Tree>;
}

/** Picks the UI language from a browser language tag: Chinese variants get zh-CN, the rest English. */
export function pickLanguage(browserLanguage: string | undefined): UiLanguage {
  return browserLanguage?.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

export function createI18n(language: UiLanguage): I18n {
  const instance = i18next.createInstance();
  const resources = loadResources();
  void instance.init({
    lng: language,
    fallbackLng: 'en',
    initAsync: false,
    resources: Object.fromEntries(
      Object.entries(resources).map(([lang, tree]) => [lang, { translation: tree }]),
    ),
    interpolation: { escapeValue: false }, // React escapes; we never render HTML.
    returnNull: false,
  });
  return instance;
}
