import { describe, expect, it } from 'vitest';
import { isSubmission, parseReceived } from './received';

describe('parseReceived', () => {
  it('reads a Postfix line: reverse DNS and the bracketed address, not the HELO claim', () => {
    const hop = parseReceived(
      'from mail.acme-tools.de (p5dc8a1b2.dip0.t-ipconnect.de [93.200.161.178]) by mx.example.net (Postfix) with ESMTPS id 4Xk2; Tue, 4 Mar 2025 09:12:01 +0100 (CET)',
    );
    expect(hop.helo).toBe('mail.acme-tools.de');
    expect(hop.rdns).toBe('p5dc8a1b2.dip0.t-ipconnect.de');
    expect(hop.ip?.text).toBe('93.200.161.178');
    expect(hop.by).toBe('mx.example.net');
    expect(hop.with).toBe('ESMTPS');
  });

  it('reads Exchange lines with a bare address and an IPv6 client', () => {
    const hop = parseReceived(
      'from mail-wr1-f44.google.com (209.85.221.44) by AM4PEPF00027A6C.mail.protection.outlook.com (10.167.16.90) with Microsoft SMTP Server (version=TLS1_3, cipher=TLS_AES_256_GCM_SHA384) id 15.20.8466.11 via Frontend Transport; Mon, 3 Mar 2025 08:01:02 +0000',
    );
    expect(hop.ip?.text).toBe('209.85.221.44');
    expect(hop.by).toBe('am4pepf00027a6c.mail.protection.outlook.com');
    const v6 = parseReceived(
      'from mail-pj1-x102f.google.com (mail-pj1-x102f.google.com [IPv6:2607:f8b0:4864:20::102f]) by lists.example.org (Postfix) with ESMTPS id 9E5F; Tue, 8 Nov 2022 06:25:45 -0800',
    );
    expect(v6.ip?.version).toBe(6);
    expect(v6.rdns).toBe('mail-pj1-x102f.google.com');
  });

  it('reads qmail, Coremail and lines without a from clause', () => {
    expect(
      parseReceived('from unknown (HELO pc01) (41.190.3.20) by mail.example.ng with SMTP; 1 Mar 2025').ip
        ?.text,
    ).toBe('41.190.3.20');
    const coremail = parseReceived(
      'from DESKTOP-7QK (unknown [113.108.10.5]) by smtp7 (Coremail) with SMTP id Qy; Mon',
    );
    expect(coremail.ip?.text).toBe('113.108.10.5');
    expect(coremail.rdns).toBe('');
    const gmailSubmit = parseReceived(
      'by 2002:a05:6a10:9e4c:b0:5c4:1b2 with SMTP id w12csp1234; Mon, 3 Mar 2025',
    );
    expect(gmailSubmit.hasFrom).toBe(false);
    expect(gmailSubmit.ip).toBeNull();
  });

  it('does not take an address from hostile junk', () => {
    const hop = parseReceived('from x (999.1.1.1 [300.2.2.2]) by y; z');
    expect(hop.ip).toBeNull();
  });

  it('tells authenticated submission from relaying', () => {
    expect(isSubmission(parseReceived('from pc ([1.2.3.4]) by smtp.gmail.com with ESMTPSA id x; d'))).toBe(
      true,
    );
    expect(isSubmission(parseReceived('from a ([1.2.3.4]) by b with ESMTPS id x; d'))).toBe(false);
  });
});
