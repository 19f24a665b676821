// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { render, settle } from '@/test/support/render';
import { ReadCutNote, ReadLayerMark } from './ReadLayerMark';
import { OPEN_PASTE_EVENT, UnreadableNotice } from './UnreadableNotice';

// Issue 15, part 2: a page the reader could not read names the field, offers the page's
// addresses to pick the sender from (the tab reads again with it) and the paste of the source.
// Part 1: a field a weaker layer read is marked in the card.

afterEach(() => {
  vi.restoreAllMocks();
});

const candidates = [
  { name: '', email: 'petra.vogel@hansen-lichttechnik.de' },
  { name: '', email: 'bookings@nordfracht-hamburg.de' },
];

describe('the could-not-read notice', () => {
  it('names the sender and sends the picked address to the webmail tab', async () => {
    const send = vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockResolvedValue(undefined);
    const view = render(
      <UnreadableNotice
        webmail="outlook"
        reason="no-sender"
        field="sender"
        candidates={candidates}
        tabId={7}
      />,
    );
    expect(view.q('unreadable-field')?.textContent).toBe('Could not read the sender of this email.');
    const options = view.qa('pick-sender-option');
    expect(options.map((o) => o.textContent)).toEqual([
      'petra.vogel@hansen-lichttechnik.de is the sender',
      'bookings@nordfracht-hamburg.de is the sender',
    ]);
    view.click(options[0]!);
    await settle();
    expect(send).toHaveBeenCalledWith(7, {
      type: 'page/pick-sender',
      email: 'petra.vogel@hansen-lichttechnik.de',
      name: '',
    });
    expect(view.host.textContent).toContain('Using petra.vogel@hansen-lichttechnik.de');
  });

  it('offers the paste of the source through the event the paste zone listens for', async () => {
    const opened = vi.fn();
    window.addEventListener(OPEN_PASTE_EVENT, opened);
    const view = render(<UnreadableNotice webmail="gmail" reason="no-body" field="body" tabId={3} />, {
      lang: 'zh-CN',
    });
    expect(view.q('unreadable-field')?.textContent).toBe('无法读取这封邮件的邮件正文。');
    expect(view.q('pick-sender')).toBeNull();
    view.click('paste-source');
    expect(opened).toHaveBeenCalledTimes(1);
    window.removeEventListener(OPEN_PASTE_EVENT, opened);
  });

  it('says so when the page shows no address to pick', () => {
    const view = render(<UnreadableNotice webmail="gmail" reason="no-sender" field="sender" tabId={3} />);
    expect(view.q('pick-sender')?.textContent).toBe('No address is shown on the page to pick from.');
  });
});

describe('the weaker-layer mark', () => {
  it('marks labels, layout and picks, never the webmail’s own ids', () => {
    const view = render(
      <>
        <ReadLayerMark layer="hooks" field="a" />
        <ReadLayerMark layer="aria" field="b" />
        <ReadLayerMark layer="structure" field="c" />
        <ReadLayerMark layer="picked" field="d" />
      </>,
      { lang: 'zh-CN' },
    );
    expect(view.q('read-layer-a')).toBeNull();
    expect(view.q('read-layer-b')?.textContent).toBe('标签');
    expect(view.q('read-layer-c')?.getAttribute('title')).toBe('根据页面布局推测，请核对');
    expect(view.q('read-layer-d')?.textContent).toBe('您的选择');
  });

  it('names the fields a reader cut', () => {
    const view = render(<ReadCutNote cut={['from', 'body']} />);
    expect(view.q('read-cut')?.textContent).toBe(
      'Part of this email was too long to read whole (sender name, text): the card shows its beginning.',
    );
  });
});
