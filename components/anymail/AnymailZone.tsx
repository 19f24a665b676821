import './anymail.css';
import { useEffect, useRef, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { browser } from 'wxt/browser';
import {
  fromFile,
  fromSource,
  headerBlockOf,
  headersBelongTo,
  looksLikeHeaders,
  type DroppedFile,
  type IntakeMail,
} from '@/lib/anymail/intake';
import type { EmailInquiry } from '@/lib/email';
import { askBackground } from '@/lib/messages';

/** Opens the paste zone and puts the cursor in it (the could-not-read notice offers this). */
export const OPEN_PASTE_ZONE = 'anymail:open-paste';
export function openPasteZone(target: EventTarget = window): void {
  target.dispatchEvent(new Event(OPEN_PASTE_ZONE));
}

export interface AnymailZoneProps {
  /** The message open in the webmail tab whose origin lacks headers (Outlook gives none), if any. */
  needsHeaders: EmailInquiry | null;
  /** Shows the card of a dropped or pasted email. */
  onOpen(mail: IntakeMail, name: string): Promise<void>;
  /** Whether a dropped email's card is shown now (its "shown" note goes once the rep closes it). */
  showingDropped: boolean;
}

type Status =
  | { kind: 'idle' }
  | { kind: 'busy' }
  | { kind: 'error'; code: string }
  | { kind: 'done'; key: string };

/**
 * Any email, from anywhere: drop an .eml or .msg file, pick one, or paste a message's source
 * (or, for an Outlook message, just its headers). Bad input gets a clear word and nothing happens.
 */
export function AnymailZone({ needsHeaders, onOpen, showingDropped }: AnymailZoneProps) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [over, setOver] = useState(false);
  const [text, setText] = useState('');
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const pasteBox = useRef<HTMLTextAreaElement>(null);
  const busy = status.kind === 'busy';

  useEffect(() => {
    const show = () => {
      setOpen(true);
      setTimeout(() => pasteBox.current?.focus(), 0);
    };
    window.addEventListener(OPEN_PASTE_ZONE, show);
    if (location.hash === '#paste') show();
    return () => window.removeEventListener(OPEN_PASTE_ZONE, show);
  }, []);

  const run = async (work: () => Promise<Status>) => {
    setStatus({ kind: 'busy' });
    try {
      setStatus(await work());
    } catch {
      // The background did not answer or failed: nothing was shown or written.
      setStatus({ kind: 'error', code: 'failed' });
    }
  };

  const takeFile = (file: DroppedFile) =>
    run(async () => {
      const result = await fromFile(file);
      if (!result.ok) return { kind: 'error', code: result.error };
      await onOpen(result.mail, file.name);
      return { kind: 'done', key: 'anymail.zone.shown' };
    });

  const takeText = (source: string) =>
    run(async () => {
      if (needsHeaders && looksLikeHeaders(source) && (await headersBelongTo(source, needsHeaders))) {
        const answer = await askBackground(browser.runtime, {
          type: 'anymail/headers',
          messageId: needsHeaders.messageId,
          raw: headerBlockOf(source),
        });
        if (answer.ok) {
          setText('');
          return { kind: 'done', key: 'anymail.zone.completed' };
        }
      }
      const result = await fromSource(source, 'paste');
      if (!result.ok) return { kind: 'error', code: result.error };
      setText('');
      await onOpen(result.mail, '');
      return { kind: 'done', key: 'anymail.zone.shown' };
    });

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    const file = event.dataTransfer.files[0];
    if (file) return void takeFile(file);
    const dragged = event.dataTransfer.getData('text/plain');
    if (dragged) return void takeText(dragged);
    setStatus({ kind: 'error', code: 'empty' });
  };

  return (
    <details
      className="anymail"
      data-testid="anymail-zone"
      open={open || needsHeaders !== null}
      onToggle={(e) => setOpen(e.currentTarget.open)}
    >
      <summary>{needsHeaders ? t('anymail.zone.titleHeaders') : t('anymail.zone.title')}</summary>
      {needsHeaders && (
        <p className="hint" data-testid="anymail-headers-hint">
          {t('anymail.zone.headersHint')}
        </p>
      )}
      <div
        className={over ? 'drop-target over' : 'drop-target'}
        data-testid="anymail-drop"
        onDragOver={(e) => {
          e.preventDefault();
          e.dataTransfer.dropEffect = 'copy';
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        <p>{t('anymail.zone.drop')}</p>
        <label className="file-button">
          {t('anymail.zone.choose')}
          <input
            type="file"
            accept=".eml,.msg,.txt,message/rfc822,application/vnd.ms-outlook"
            data-testid="anymail-file"
            disabled={busy}
            onChange={(e) => {
              const file = e.currentTarget.files?.[0];
              e.currentTarget.value = '';
              if (file) void takeFile(file);
            }}
          />
        </label>
      </div>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void takeText(text);
        }}
      >
        <label>
          {t('anymail.zone.pasteLabel')}
          <textarea
            ref={pasteBox}
            rows={4}
            value={text}
            spellCheck={false}
            data-testid="anymail-paste"
            placeholder={t('anymail.zone.pastePlaceholder')}
            onChange={(e) => setText(e.target.value)}
          />
        </label>
        <button type="submit" disabled={busy || !text.trim()} data-testid="anymail-paste-submit">
          {needsHeaders ? t('anymail.zone.submitHeaders') : t('anymail.zone.submit')}
        </button>
      </form>
      {busy && (
        <p className="loading" role="status">
          {t('anymail.zone.reading')}
        </p>
      )}
      {status.kind === 'error' && (
        <p className="error" role="alert" data-testid="anymail-error" data-code={status.code}>
          {t(`anymail.error.${status.code}`, { mb: 25 })}
        </p>
      )}
      {status.kind === 'done' && (showingDropped || status.key !== 'anymail.zone.shown') && (
        <p className="hint" role="status" data-testid="anymail-done">
          {t(status.key)}
        </p>
      )}
    </details>
  );
}
