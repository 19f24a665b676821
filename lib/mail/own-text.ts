// What the sender wrote in this message, without the quoted history below it
// (the rep's earlier reply and signature would otherwise count as the sender's).
//
// A reply's history starts at the client's own header, in the sender's language:
//   Gmail, Apple Mail:  "On Tue, 1 Dec 2026 at 09:14, Lily <l@x.com> wrote:", "El lun, 30 nov 2026
//                       a las 10:12, Lily (<l@x.com>) escribió:", "Em 27/11/2026 09:30, Lily
//                       escreveu:", "Le ven. 27 nov. 2026 à 10:05, Lily a écrit :", "Am 27.11.2026
//                       um 09:15 schrieb Lily <l@x.com>:", "30.11.2026 11:05, Lily пишет:",
//                       "في 27/11/2026 09:20، كتب Lily:", "在 2026年11月28日 09:40，Lily 写道："
//                       (Gmail wraps a long one over two lines);
//   Outlook:            "From: / De : / Von: / От: / من: / 发件人:" with "Sent: / Enviado: /
//                       Gesendet: / Отправлено: / 发送时间:" (or To:, Date:) in the lines below;
//   others:             "-----Original Message-----" and its translations, a line of underscores.

const ATTRIBUTION_VERB =
  /(?:^|[\s,،])(?:wrote|escribió|escreveu|a écrit|schrieb|пишет|написал[аи]?|كتب|ha scritto|schreef|yazdı)(?=[\s:<(]|$)|写道/iu;
/** How a wrapped attribution's first line opens: "On", "El", "Em", "Le", "Am", "في", "在", or a date. */
const ATTRIBUTION_START = /^(?:on|el|em|le|am|il|op|в|في|在)\s|^\d{1,4}[./-]\d/iu;
const DASHED =
  /^-{2,}\s*(?:original message|forwarded message|mensaje original|mensaje reenviado|mensagem original|mensagem encaminhada|message d'origine|message transféré|ursprüngliche nachricht|weitergeleitete nachricht|исходное сообщение|пересылаемое сообщение|الرسالة الأصلية|原始邮件|转发邮件)\s*-{2,}$/iu;
const HEADER_FROM = /^(?:from|de|von|от|da|van|من|发件人)\s*[:：]/iu;
const HEADER_NEXT =
  /^(?:sent|date|to|subject|enviado|enviada|fecha|para|asunto|assunto|data|gesendet|datum|an|betreff|envoyé|à|objet|отправлено|дата|кому|тема|inviato|verzonden|أرسل|أُرسلت|التاريخ|إلى|الموضوع|发送时间|日期|收件人|主题)\s*[:：]/iu;

/**
 * Gmail in Russian names the writer with no verb: "Чт, 3 дек. 2026 г. в 10:40, Lily Wang
 * <lily@x.com>:"; any client's line of a time, then an address in angle brackets and a colon, is one.
 */
const DATED_SENDER =
  /\d{4}\s*г\.\s*в\s*\d{1,2}:\d{2},[^:：]{1,160}[:：]$|\d{1,2}:\d{2}.{0,160}<[^<>\s]+@[^<>\s]+>\s*[:：]$/u;

/** Where the quoted history starts at line `i`: a client's header (one or two lines) or a separator. */
function startsHistory(lines: readonly string[], i: number): boolean {
  const t = lines[i]!.trim();
  if (DASHED.test(t) || /^_{10,}$/.test(t)) return true;
  if (/^from:\s.+@.+/i.test(t)) return true;
  if (HEADER_FROM.test(t) && t.length < 300) {
    for (let j = i + 1; j <= i + 4 && j < lines.length; j += 1)
      if (HEADER_NEXT.test(lines[j]!.trim())) return true;
  }
  // An attribution: short, ends in a colon, names the writer's verb and a date or an address.
  const attribution = (s: string) =>
    s.length < 320 && /[:：]$/u.test(s) && ATTRIBUTION_VERB.test(s) && /[\p{Nd}@]/u.test(s);
  if (attribution(t) || (t.length < 320 && DATED_SENDER.test(t))) return true;
  // Wrapped: "On Tue, 1 Dec 2026 at 09:14, Lily Wang <" then "lily@x.com> wrote:".
  const next = lines[i + 1]?.trim();
  return Boolean(
    next &&
    ATTRIBUTION_START.test(t) &&
    t.length < 200 &&
    !/[.!?。！？:：]$/u.test(t) &&
    attribution(`${t} ${next}`),
  );
}

export function ownText(body: string): string {
  const out: string[] = [];
  const lines = body.split(/\r?\n/).slice(0, 2000);
  for (let i = 0; i < lines.length; i += 1) {
    if (startsHistory(lines, i)) break;
    const line = lines[i]!;
    if (!line.trim().startsWith('>')) out.push(line);
  }
  return out.join('\n');
}
