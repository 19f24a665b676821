// What "no English left in the Chinese UI" means for a browser test: the page's
// visible text outside the customer's own data (names, addresses, subjects,
// drafts, notes, mail text, form values), and the strings of it that are Latin
// letters only, or that put ASCII punctuation next to Chinese. Each page's spec
// names the elements that hold data on it.
import type { Page } from '@playwright/test';

/** Elements whose text is data, on any page: form values, code, the language picker. */
export const DATA_ALWAYS = ['textarea', 'input', 'select', 'code', 'pre', '[data-testid="language-switch"]'];

/**
 * The visible strings of `root` (default: the whole body) outside the elements `data` names: each
 * element's own text (its text children joined), so a name set into a translated sentence
 * ("收到 · 邮件 · Lily Chen") reads as the sentence it is part of.
 */
export async function uiText(page: Page, data: readonly string[], root = 'body'): Promise<string[]> {
  return page.evaluate(
    ({ selector, root }) => {
      const out: string[] = [];
      const top = document.querySelector(root);
      if (!top) return out;
      for (const el of [top, ...top.querySelectorAll('*')]) {
        if (el.closest(selector) || !el.checkVisibility()) continue;
        const own = [...el.childNodes]
          .filter((n) => n.nodeType === Node.TEXT_NODE)
          .map((n) => n.textContent ?? '')
          .join('')
          .replace(/\s+/g, ' ')
          .trim();
        if (own) out.push(own);
      }
      return out;
    },
    { selector: [...DATA_ALWAYS, ...data].join(','), root },
  );
}

/**
 * Trade terms, units, codes and names the Chinese UI writes in Latin letters on purpose: incoterms
 * and payment terms, currency and time-zone codes, model and order codes, file formats, protocols,
 * the products and standards a rep types as they are (CSV, JSON, LLM, API, URL...).
 */
const ALLOWED =
  /\b(?:USD|EUR|CNY|RMB|GBP|FOB|CIF|EXW|DDP|CFR|DAP|T\/T|L\/C|IP|IPv4|IPv6|UTC|GMT|DHL|CSV|JSON|XLSX|EML|MSG|MBOX|LLM|API|URL|HTTPS?|IMAP|SMTP|ID|CLV|VIP|KPI|PDF|OpenAI|Gmail|Outlook|Chrome|Ollama|WebSocket|PostgreSQL|MV3|px|ms|[A-Z]{2,}-[\w-]+)\b/g;

/** Strings with a run of three Latin letters and no Chinese: English left in the Chinese UI. */
export function latinOnly(texts: readonly string[]): string[] {
  return texts.filter(
    (text) => !/[\u3400-\u9fff]/.test(text) && /[A-Za-z]{3,}/.test(text.replace(ALLOWED, '')),
  );
}

/** Strings that put ASCII , : ; ? ! next to Chinese, where Chinese punctuation belongs. */
export function asciiPunctuation(texts: readonly string[]): string[] {
  return texts.filter((text) => /[\u3400-\u9fff]\s*[,:;?!]|[,:;?!]\s*[\u3400-\u9fff]/.test(text));
}
