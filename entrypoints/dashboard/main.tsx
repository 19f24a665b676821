import '@/components/styles.css';
import '@/components/dashboard/dashboard.css';
import { paintKept } from '@/components/dashboard/keptPaint';
import { initialPreset } from '@/components/dashboard/preset';
import { hasSnapshot } from '@/lib/metrics/snapshot';

// Two steps. This tiny first chunk draws the last visit's figures for the period at once, from a
// copy kept in localStorage (no React, no database, no strings to load); the page itself (app.tsx:
// React, the database, the loader and every part, most of the code) is loaded after that frame
// and renders over the copy from the kept view, so the figures stay put.
// The marks tell the benchmark where a first paint's time goes (scripts/bench).
performance.mark('dashboard:entry');
const root = document.getElementById('root')!;
const preset = initialPreset();
const start = () => void import('./app').then(({ startDashboard }) => startDashboard(root));
if (hasSnapshot(preset) && paintKept(root, preset)) {
  performance.mark('dashboard:kept-drawn');
  requestAnimationFrame(() => setTimeout(start, 0));
} else start();
