// Builds the admin console (web/) into dist/admin, served by the service at /admin
// (src/platform/http/admin-console.ts). No plugin: Vite compiles JSX itself (oxc, React's
// automatic runtime). Every script and style is a file of its own, never inlined, so the
// page runs under a Content-Security-Policy without 'unsafe-inline'.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/admin/',
  // Vite's own .env files are not read: the console takes its settings from the service (/admin/config.json).
  envDir: false,
  publicDir: false,
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: fileURLToPath(new URL('../dist/admin', import.meta.url)),
    emptyOutDir: true,
    // Small assets would become data: URLs; the policy allows files from the service only.
    assetsInlineLimit: 0,
    // The polyfill would be one more script; every browser the console supports has modulepreload.
    modulePreload: { polyfill: false },
    // No source maps in the build: the served console (and the image) would hand its sources to
    // anyone; the service refuses *.map under /admin/assets as well (admin-console.routes.ts).
    sourcemap: false,
    reportCompressedSize: false,
  },
});
