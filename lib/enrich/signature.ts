import { ownText } from '../mail/own-text';

// The company name as the sender writes it in the signature ("Maple Leaf
// Lighting Supply"), rather than as the domain spells it ("Mapleleaflighting").
// A signature line counts when its letters run like the domain's name, or when
// it carries a legal form (GmbH, Ltd., S.L., 有限公司…). Only the last lines of
// the sender's own text are read; the quoted thread below is cut.

const LEGAL_FORM =
  /\b(?:GmbH|AG|KG|Ltd\.?|Limited|LLC|L\.L\.C\.|Inc\.?|Corp\.?|Co\.,?\s*Ltd\.?|S\.?L\.?|S\.?A\.?|S\.?A\.?S\.?|S\.?r\.?l\.?|SpA|B\.?V\.?|N\.?V\.?|AS|AB|Oy|A\/S|Sp\.\s*z\s*o\.o\.|Pty\.?\s*Ltd\.?|PLC|LLP|Ltda\.?|ООО|АО)(?![\p{L}])|有限公司|集团|株式会社/u;
const ROLE =
  /^(?:[\p{L} &/-]{0,40}?(?:manager|director|buyer|purchaser|purchasing|procurement|sales|owner|ceo|president|engineer|assistant|compras|einkauf\p{L}*|logisti\p{L}*|innkjøper|acheteur|gerente|category manager)[\p{L} ,&/-]{0,30}?),\s*/iu;
const CONTACT_LINE = /@|https?:|www\.|\+?\d[\d\s().-]{6,}|^(?:tel|phone|mob|fax|email|e-mail)\b/i;

const letters = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');

/** The company named in the signature, or '' when none can be told apart. */
export function companyFromSignature(body: string, domain: string): string {
  const lines = ownText(body)
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .slice(-8);
  const label = letters(domain.split('.')[0] ?? '');
  const candidates = lines
    .filter((line) => line.length <= 80 && !CONTACT_LINE.test(line))
    .flatMap((line) => {
      // "Product Manager, Maple Leaf Lighting Supply" → the part after the role.
      const parts = [...line.split(/\s*[,|·–—]\s*/), line.replace(ROLE, '')];
      return parts.map((part) => part.trim()).filter((part) => part.length >= 3);
    });
  if (label.length >= 4) {
    const byDomain = candidates.find((part) => {
      const squashed = letters(part);
      return (
        squashed.length >= 4 &&
        (squashed.startsWith(label) || label.startsWith(squashed.slice(0, Math.max(6, label.length - 2))))
      );
    });
    if (byDomain) return byDomain.replace(/[.,;]+$/, '');
  }
  const legal = candidates.find(
    (part) => LEGAL_FORM.test(part) && /\p{L}{3}/u.test(part.replace(LEGAL_FORM, '')),
  );
  return legal ? legal.replace(/[,;]+$/, '') : '';
}
