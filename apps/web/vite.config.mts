import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// React's automatic JSX runtime through Vite's own transform; no plugin needed for a production build.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The API's Content-Security-Policy allows only scripts from its own origin: no inline module preload.
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 1000,
  },
  server: {
    proxy: {
      '^/(initiatives|portfolio|alerts|alert-subscriptions|audit|auth|vocabulary|follow-ups)': 'http://127.0.0.1:3000',
    },
  },
});
