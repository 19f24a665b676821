import { expect, it } from 'vitest';
import { interaction } from '../../test/support/value-book';
import { channelDiversity } from './channels';

const T0 = Date.UTC(2025, 6, 1);
const DAY = 86_400_000;

it('averages distinct channels over customers active in the period', () => {
  const xs = [
    // A: email, phone, email → 2. B: meeting → 1. C: chat, trade show, email → 3.
    interaction('A', T0, { channel: 'email' }),
    interaction('A', T0 + DAY, { channel: 'phone' }),
    interaction('A', T0 + 2 * DAY, { channel: 'email' }),
    interaction('B', T0, { channel: 'meeting' }),
    interaction('C', T0, { channel: 'chat' }),
    interaction('C', T0, { channel: 'trade-show' }),
    interaction('C', T0, { channel: 'email' }),
    // D: only before the period; and an interaction with no company.
    interaction('D', T0 - DAY, { channel: 'phone' }),
    { ...interaction('X', T0, { channel: 'phone' }), companyId: undefined },
  ];
  // (2 + 1 + 3) / 3 = 2.
  expect(channelDiversity(xs, { from: T0, to: T0 + 10 * DAY })).toEqual({
    activeCustomers: 3,
    meanChannels: 2,
  });
  // A and B only: (2 + 1) / 2 = 1.5.
  expect(channelDiversity(xs, { from: T0, to: T0 + 10 * DAY }, (id) => id !== 'C').meanChannels).toBe(1.5);
  expect(channelDiversity([], { from: 0, to: 1 }).meanChannels).toBeNull();
});
