import { expect, it } from 'vitest';
import { readInquiry } from './reading';

// Issue 16: the reading runs on every opened email, on the sender's text. A cue for German
// compound prices (Stückpreis, Gesamtpreis) once matched any run of letters before "preis",
// so a 20,000-letter body without spaces took seconds per read; ten such reads run far past
// this test's timeout if that comes back. The figures are printed by `npm run fuzz`.

it('a long run of letters without spaces reads at once, ten times over', () => {
  for (let i = 0; i < 10; i++) {
    const reading = readInquiry('Hello', `${i}${'a'.repeat(20_000)}preis`);
    expect(reading.intents.length).toBeLessThan(2);
  }
  // Quick reads take well under a second even on a loaded machine; the quadratic cue took 20 s here.
}, 10_000);

it('a compound price word still asks for a price', () => {
  expect(readInquiry('Anfrage', 'Bitte nennen Sie uns Ihren Stückpreis für 500 Leuchten.').primary).toBe(
    'price-inquiry',
  );
});
