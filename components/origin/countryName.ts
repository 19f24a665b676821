/** "Germany" for "DE" in the UI language (Intl.DisplayNames), the code itself when unavailable. */
export function countryName(code: string, language: string): string {
  try {
    return new Intl.DisplayNames([language], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}
