import { browser } from 'wxt/browser';
import type { ConnectReplies } from '@/lib/replies/client';

/** The extension page's way to reach the background's 'replies' port. */
export const connectReplies: ConnectReplies = (name) => browser.runtime.connect({ name });
