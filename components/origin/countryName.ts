import { regionNames } from '@/lib/i18n/formats';

/** "Germany" for "DE" in the UI language (Intl.DisplayNames), the code itself when unavailable. */
export function countryName(code: string, language: string): string {
  try {
    return regionNames(language).of(code) ?? code;
  } catch {
    return code;
  }
}
