import { describe, expect, it } from 'vitest';
import { createI18n } from '../i18n';
import type { DuplicateMatch } from './protocol';
import { rejectionReason } from './rejection';

const liWeis: DuplicateMatch = {
  companyId: 'co-1',
  companyName: 'Hansen Flow Control GmbH',
  matchedBy: ['domain', 'name'],
  owner: { kind: 'rep', id: 'u-li', name: 'Li Wei' },
  since: '2026-03',
};
const english = "Hansen Flow Control GmbH is already Li Wei's customer (since 2026-03): ask …";

describe('a refused change, in the rep’s language', () => {
  it('names the owner of a duplicate in English and in Chinese, from the match and not the server’s text', () => {
    const change = { code: 'duplicate' as const, reason: english, duplicate: liWeis };
    expect(rejectionReason(change, createI18n('en').t)).toBe(
      "Hansen Flow Control GmbH is already Li Wei's customer (since 2026-03; same company domain, similar name): ask Li Wei or a manager for a transfer",
    );
    expect(rejectionReason(change, createI18n('zh-CN').t)).toBe(
      'Hansen Flow Control GmbH 已是 Li Wei 的客户（自 2026-03 起；公司域名相同、名称相似）：请向 Li Wei 或经理申请转移',
    );
  });

  it('says a pool customer is to be claimed', () => {
    const change = {
      code: 'duplicate' as const,
      reason: '',
      duplicate: { ...liWeis, owner: { kind: 'pool' as const } },
    };
    expect(rejectionReason(change, createI18n('zh-CN').t)).toMatch(/在公海中.*请从公海认领/);
  });

  it('without the match (a retried push gets only the stored reason) still says why in the rep’s language', () => {
    expect(rejectionReason({ code: 'duplicate', reason: english }, createI18n('zh-CN').t)).toBe(
      '团队中已有这个客户',
    );
    expect(rejectionReason({ code: 'not-yours', reason: 'x' }, createI18n('zh-CN').t)).not.toBe('x');
  });
});
