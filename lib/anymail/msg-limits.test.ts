import { describe, expect, it } from 'vitest';
import { EMAIL_LIMITS } from '../email-limits';
import { msgToInquiry } from './msg';

// A dropped Outlook .msg is read to the same limits the page readers cut to (lib/email-limits.ts):
// an over-long field is cut, never a reason for the card to fail.
describe('a .msg with over-long fields', () => {
  it('cuts the message id (and the thread built from it), the name and the subject; drops a too-long address', async () => {
    const { inquiry } = await msgToInquiry({
      messageId: `<${'m'.repeat(250)}@mail.example>`,
      senderName: 'N'.repeat(400),
      senderSmtpAddress: `${'a'.repeat(400)}@nordlys.no`,
      subject: 'S'.repeat(3000),
      body: 'Please change the bank account.',
      recipients: [{ name: 'Lily', smtpAddress: 'lily.chen@brightway-lighting.com', recipType: 'to' }],
    });
    expect(inquiry.threadId.length).toBeLessThanOrEqual(EMAIL_LIMITS.id);
    expect(inquiry.messageId.length).toBeLessThanOrEqual(EMAIL_LIMITS.id);
    expect(inquiry.from).toEqual({ name: 'N'.repeat(EMAIL_LIMITS.name), email: '' });
    expect(inquiry.subject).toHaveLength(EMAIL_LIMITS.subject);
    expect(inquiry.to).toEqual([{ name: 'Lily', email: 'lily.chen@brightway-lighting.com' }]);
  });
});
