import type { EmailInquiryInput, Mailbox, Webmail, PageStateInput } from '../email';
import { EMAIL_LIMITS as L, type CutField } from '../email-limits';

// Cuts what a reader read to the limits the background checks (lib/email-limits.ts), and says which
// fields it cut. A page that gives a 40,000-character sender name then still gives a card, with
// the name cut and marked, instead of an update the background must drop (issue 16).

type MailboxIn = { name?: string; email: string };

function fitMailbox(box: MailboxIn, cut: () => void): Mailbox {
  let name = box.name ?? '';
  let email = box.email;
  if (name.length > L.name) {
    name = name.slice(0, L.name);
    cut();
  }
  if (email.length > L.address) {
    email = ''; // an address this long is no address
    cut();
  }
  return { name, email };
}

function fitList(list: MailboxIn[], max: number, cut: () => void): Mailbox[] {
  if (list.length > max) cut();
  return list.slice(0, max).map((box) => fitMailbox(box, cut));
}

function fitText(text: string, max: number, cut: () => void): string {
  if (text.length <= max) return text;
  cut();
  return text.slice(0, max);
}

/** The inquiry with every field within the limits; `cuts` are what the reader already cut at its budget. */
export function fitInquiry(inquiry: EmailInquiryInput, cuts: Iterable<CutField> = []): EmailInquiryInput {
  const cut = new Set<CutField>(cuts);
  const mark = (field: CutField) => () => cut.add(field);
  const thread = inquiry.thread ?? [];
  if (thread.length > L.thread) cut.add('thread');
  const fitted: EmailInquiryInput = {
    ...inquiry,
    account: inquiry.account && inquiry.account.length <= L.address ? inquiry.account : '',
    threadId: fitText(inquiry.threadId ?? '', L.id, mark('ids')),
    messageId: fitText(inquiry.messageId ?? '', L.id, mark('ids')),
    url: fitText(inquiry.url ?? '', L.url, mark('url')),
    from: fitMailbox(inquiry.from, mark('from')),
    replyTo: fitList(inquiry.replyTo ?? [], L.replyTo, mark('replyTo')),
    to: fitList(inquiry.to ?? [], L.recipients, mark('to')),
    cc: fitList(inquiry.cc ?? [], L.recipients, mark('cc')),
    subject: fitText(inquiry.subject ?? '', L.subject, mark('subject')),
    bodyText: fitText(inquiry.bodyText ?? '', L.body, mark('body')),
    // The newest messages matter for reply tracking: keep the end of a long conversation.
    thread: thread.slice(-L.thread).map((m) => ({
      from: m.from.length <= L.address ? m.from : '',
      date: m.date,
    })),
  };
  fitted.cut = [...cut];
  return fitted;
}

/** Why a page could not be read, the field it names, and the addresses the rep may pick the sender from. */
export function unreadableState(
  webmail: Webmail,
  reason: string,
  candidates: Mailbox[] = [],
): Extract<PageStateInput, { kind: 'unreadable' }> {
  const field = reason === 'no-sender' ? 'sender' : reason === 'no-body' ? 'body' : 'message';
  const seen = new Set<string>();
  const offered: Mailbox[] = [];
  for (const box of candidates) {
    if (!box.email || box.email.length > L.address || seen.has(box.email)) continue;
    seen.add(box.email);
    offered.push({ name: box.name.slice(0, L.name), email: box.email });
    if (offered.length >= L.candidates) break;
  }
  return { kind: 'unreadable', webmail, reason: reason.slice(0, L.reason), field, candidates: offered };
}
