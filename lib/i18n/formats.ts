// The UI's number, date and region-name formatters, made once per language and options. Building
// an Intl formatter costs far more than using one (toLocaleString builds one per call): a card
// with its timeline, totals and value figures built dozens per render.

type Made = Intl.NumberFormat | Intl.DateTimeFormat | Intl.DisplayNames;

/** Formatters kept at most (a UI uses a handful: two languages, a few currencies). */
const KEPT = 200;
const made = new Map<string, Made>();

function once<T extends Made>(key: string, make: () => T): T {
  const known = made.get(key);
  if (known) return known as T;
  const fresh = make();
  if (made.size >= KEPT) made.delete(made.keys().next().value!);
  made.set(key, fresh);
  return fresh;
}

/** `Intl.NumberFormat(language, options)`; throws as it does (a currency that is no code). */
export function numberFormat(language: string, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  return once(`n|${language}|${JSON.stringify(options)}`, () => new Intl.NumberFormat(language, options));
}

/** `Intl.DateTimeFormat(language, options)`: with none, the date alone, as `toLocaleDateString` writes it. */
export function dateFormat(language: string, options: Intl.DateTimeFormatOptions = {}): Intl.DateTimeFormat {
  return once(`d|${language}|${JSON.stringify(options)}`, () => new Intl.DateTimeFormat(language, options));
}

/** Region names ("Germany" for DE) in the language. */
export function regionNames(language: string): Intl.DisplayNames {
  return once(`r|${language}`, () => new Intl.DisplayNames([language], { type: 'region' }));
}
