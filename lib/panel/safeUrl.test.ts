import { expect, it } from 'vitest';
import { safeUrl } from './safeUrl';

it('opens webmail links and refuses script or local ones', () => {
  expect(safeUrl('https://mail.google.com/mail/u/0/#inbox/FMfcg')).toBe(
    'https://mail.google.com/mail/u/0/#inbox/FMfcg',
  );
  expect(safeUrl('javascript:alert(1)')).toBeUndefined();
  expect(safeUrl('file:///etc/passwd')).toBeUndefined();
  expect(safeUrl('not a url')).toBeUndefined();
});
