// Which language a reply is written in: the rep's choice, else the inquiry's
// (card.language), else a guess from the text itself.

const CJK = /[\u3400-\u9fff]/g;
const KANA = /[\u3040-\u30ff]/g;
const HANGUL = /[\uac00-\ud7af]/g;
const CYRILLIC = /[\u0400-\u04ff]/g;

/** A coarse guess for when enrichment could not tell: script first, then English. */
export function guessLanguage(text: string): string {
  const letters = text.replace(/[\s\d\p{P}\p{S}]/gu, '').length || 1;
  const share = (re: RegExp) => (text.match(re)?.length ?? 0) / letters;
  if (share(KANA) > 0.1) return 'ja';
  if (share(HANGUL) > 0.2) return 'ko';
  if (share(CJK) > 0.2) return 'zh-CN';
  if (share(CYRILLIC) > 0.3) return 'ru';
  return 'en';
}

export function replyLanguage(chosen: string | undefined, cardLanguage: string, text: string): string {
  if (chosen && chosen !== 'auto') return chosen;
  if (cardLanguage) return cardLanguage;
  return guessLanguage(text);
}

/** Template language for a reply language: Chinese variants use the zh-CN templates; English otherwise. */
export function templateLanguage(language: string): 'en' | 'zh-CN' {
  return language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

const NAMES: Record<string, string> = {
  en: 'English',
  zh: 'Simplified Chinese',
  es: 'Spanish',
  pt: 'Portuguese',
  fr: 'French',
  de: 'German',
  it: 'Italian',
  ru: 'Russian',
  ar: 'Arabic',
  tr: 'Turkish',
  ja: 'Japanese',
  ko: 'Korean',
  vi: 'Vietnamese',
  th: 'Thai',
  id: 'Indonesian',
  pl: 'Polish',
  nl: 'Dutch',
};

/** English name of a language for the model's instructions ('zh-TW' → Traditional Chinese). */
export function languageName(tag: string): string {
  const lower = tag.toLowerCase();
  if (lower === 'zh-tw' || lower === 'zh-hk' || lower === 'zh-hant') return 'Traditional Chinese';
  return NAMES[lower.split(/[-_]/)[0] ?? ''] ?? tag;
}
