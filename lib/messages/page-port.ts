// Kept apart from the schemas (lib/messages/index.ts) so the content scripts can import it
// without bundling them.

/**
 * The long-lived port a webmail content script sends its page states and header blocks on (a one-off message opens and
 * closes a channel each time). The content script opens it with its first report and again,
 * lazily, with its first report after the background worker stopped (never to keep it awake).
 */
export const PAGE_PORT = 'page';
