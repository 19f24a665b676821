import { REPLY_PORT_NAME, ReplyEventSchema, type ReplyEvent, type ReplyRequestInput } from './messages';

// The page end of the 'replies' port (side panel, options page): opens one port
// per request, validates every event, and closes the port to cancel.

export interface ClientPort {
  postMessage(message: unknown): void;
  disconnect(): void;
  onMessage: { addListener(callback: (message: unknown) => void): void };
  onDisconnect: { addListener(callback: () => void): void };
}

/** browser.runtime.connect, narrowed: `(name) => browser.runtime.connect({ name })`. */
export type ConnectReplies = (name: string) => ClientPort;

const TERMINAL = new Set<ReplyEvent['type']>(['done', 'gloss', 'gloss-error', 'test-result']);

/** Sends a request and calls onEvent for each valid event; returns a cancel function. */
export function openReplyRequest(
  connect: ConnectReplies,
  request: ReplyRequestInput,
  onEvent: (event: ReplyEvent) => void,
  onClosed?: (finished: boolean) => void,
): () => void {
  const port = connect(REPLY_PORT_NAME);
  let finished = false;
  let closed = false;
  port.onMessage.addListener((message) => {
    const event = ReplyEventSchema.safeParse(message);
    if (!event.success) {
      console.warn('replies: ignored an invalid event', event.error.issues[0]);
      return;
    }
    if (TERMINAL.has(event.data.type)) finished = true;
    onEvent(event.data);
  });
  port.onDisconnect.addListener(() => {
    if (closed) return;
    closed = true;
    onClosed?.(finished);
  });
  try {
    port.postMessage(request);
  } catch {
    // The background closed the port at once (it refused us, or the worker went away).
    if (!closed) {
      closed = true;
      queueMicrotask(() => onClosed?.(false));
    }
  }
  return () => {
    if (closed) return;
    closed = true;
    port.disconnect();
  };
}

/** A one-answer request (gloss, test): resolves with its terminal event. */
export function askReplies(
  connect: ConnectReplies,
  request: Extract<ReplyRequestInput, { type: 'gloss' | 'test' }>,
): Promise<ReplyEvent> {
  return new Promise((resolve) => {
    let answered = false;
    openReplyRequest(
      connect,
      request,
      (event) => {
        if (TERMINAL.has(event.type) && !answered) {
          answered = true;
          resolve(event);
        }
      },
      () => {
        // The background went away without answering (worker restarted, refused).
        if (!answered) {
          answered = true;
          resolve(
            request.type === 'gloss'
              ? { type: 'gloss-error', code: 'network' }
              : { type: 'test-result', ok: false, code: 'network' },
          );
        }
      },
    );
  });
}
