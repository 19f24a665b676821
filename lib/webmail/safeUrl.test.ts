import { expect, it } from 'vitest';
import { safeUrl } from './safeUrl';

it('opens webmail links and refuses script or local ones', () => {
  expect(safeUrl('https://mail.google.com/mail/u/0/#inbox/FMfcg')).toBe(
    'https://mail.google.com/mail/u/0/#inbox/FMfcg',
  );
  expect(safeUrl('https://outlook.office.com/mail/id/AAQk')).toBe('https://outlook.office.com/mail/id/AAQk');
  expect(safeUrl('javascript:alert(1)')).toBeUndefined();
  expect(safeUrl('file:///etc/passwd')).toBeUndefined();
  expect(safeUrl('not a url')).toBeUndefined();
});

it('opens only the supported webmails: a link stored in the book (a reminder from a bundle) cannot send the rep elsewhere', () => {
  expect(safeUrl('https://phishing.example/login')).toBeUndefined();
  expect(safeUrl('https://mail.google.com.evil.example/mail')).toBeUndefined();
  expect(safeUrl('https://user@mail.google.com/mail')).toBeUndefined();
  expect(safeUrl('https://mail.google.com:8443/mail')).toBeUndefined();
  expect(safeUrl('http://mail.google.com/mail')).toBeUndefined();
});
