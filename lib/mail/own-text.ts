// What the sender wrote in this message, without the quoted history below it
// (the rep's earlier reply and signature would otherwise count as the sender's).

export function ownText(body: string): string {
  const out: string[] = [];
  for (const line of body.split(/\r?\n/).slice(0, 2000)) {
    const t = line.trim();
    if (
      /^(on\s.{0,200}\swrote:|-{2,}\s*(original message|forwarded message)\s*-{2,}|-{2,}\s*原始邮件\s*-{2,}|发件人[:：].*|在.{0,80}写道[:：]|_{10,})$/i.test(
        t,
      ) ||
      /^from:\s.+@.+/i.test(t)
    ) {
      break;
    }
    if (!t.startsWith('>')) out.push(line);
  }
  return out.join('\n');
}
