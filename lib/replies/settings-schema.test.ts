import { describe, expect, it } from 'vitest';
import { LlmSettingsSchema } from './settings-schema';
import { fieldIssues } from './settings';

const check = (baseURL: string) => {
  const parsed = LlmSettingsSchema.safeParse({ baseURL, apiKey: 'sk-1', model: 'm' });
  return parsed.success ? 'ok' : fieldIssues(parsed.error).baseURL;
};

describe('the AI endpoint must be encrypted, a server on this computer excepted', () => {
  it('refuses plain http to any other host: the key and the mail would travel in clear', () => {
    expect(check('http://api.example.com/v1')).toBe('insecure-url');
    expect(check('http://192.168.1.20:11434/v1')).toBe('insecure-url');
    expect(check('http://localhost.evil.example/v1')).toBe('insecure-url');
    expect(check('http://127.0.0.1.nip.io/v1')).toBe('insecure-url');
  });

  it('takes https anywhere and http on loopback', () => {
    expect(check('https://api.example.com/v1')).toBe('ok');
    expect(check('http://127.0.0.1:11434/v1')).toBe('ok');
    expect(check('http://127.8.9.10:8080/v1')).toBe('ok');
    expect(check('http://localhost:1234/v1')).toBe('ok');
    expect(check('http://[::1]:8000/v1')).toBe('ok');
  });

  it('refuses other schemes and credentials in the address', () => {
    expect(check('ftp://files.example.com')).toBe('invalid-url');
    expect(check('javascript:alert(1)')).toBe('invalid-url');
    expect(check('https://user:pass@api.example.com/v1')).toBe('invalid-url');
  });
});
