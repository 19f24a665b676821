// Kept apart from the schemas (lib/messages/index.ts) so the content scripts can import it
// without bundling them.

/**
 * The long-lived port a webmail content script sends its page states and header blocks on (a one-off message opens and
 * closes a channel each time). The content script opens it with its first report and again,
 * lazily, with its first report after the background worker stopped (never to keep it awake).
 */
export const PAGE_PORT = 'page';

/**
 * The long-lived port the side panel receives its views on (lib/background/panel-port.ts): the
 * panel opens it when it starts, and again, lazily, when a view reaches it as a broadcast
 * (the background broadcasts only when no panel port is open: the worker started again).
 */
export const PANEL_PORT = 'panel';
