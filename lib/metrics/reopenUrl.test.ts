import { expect, it } from 'vitest';
import { reopenUrl } from './reopenUrl';

it('opens only https links on the webmail hosts', () => {
  expect(reopenUrl('https://mail.google.com/mail/u/0/#inbox/abc')).toBe(
    'https://mail.google.com/mail/u/0/#inbox/abc',
  );
  expect(reopenUrl('https://outlook.office.com/mail/id/AAQ')).toBe('https://outlook.office.com/mail/id/AAQ');
  expect(reopenUrl('http://mail.google.com/mail/')).toBeUndefined();
  expect(reopenUrl('javascript:alert(1)')).toBeUndefined();
  expect(reopenUrl('https://mail.google.com.evil.example/')).toBeUndefined();
  expect(reopenUrl('https://user@mail.google.com/')).toBeUndefined();
  expect(reopenUrl('not a url')).toBeUndefined();
  expect(reopenUrl(undefined)).toBeUndefined();
});
