import { fileURLToPath } from 'node:url';
import { defineConfig } from 'wxt';

// The fewest permissions that do the job: webmail hosts only; an LLM endpoint is
// asked for at run time (optional_host_permissions) when the rep sets one.
export default defineConfig({
  modules: ['@wxt-dev/module-react'],
  // The .msg reader's text decoder needs Node's Buffer: the browser's TextDecoder stands in (lib/anymail).
  vite: () => ({
    resolve: {
      alias: { 'iconv-lite': fileURLToPath(new URL('./lib/anymail/iconv-lite-shim.ts', import.meta.url)) },
    },
  }),
  manifest: {
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    permissions: ['storage', 'unlimitedStorage', 'sidePanel', 'alarms', 'notifications'],
    host_permissions: [
      'https://mail.google.com/*',
      'https://outlook.live.com/*',
      'https://outlook.office.com/*',
      'https://outlook.office365.com/*',
    ],
    optional_host_permissions: ['https://*/*', 'http://*/*'],
    action: { default_title: '__MSG_extName__' },
  },
});
