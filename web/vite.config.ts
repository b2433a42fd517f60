// The player is served by `tapelab serve` at "/", its files under assets/ named
// by content hash (served immutable: docs/player.md). It imports the wire
// format's decoder from tools/serve/, outside this folder. For development,
// `TAPELAB_API=http://127.0.0.1:8080 npx vite` proxies /api to a running server.
import { defineConfig } from 'vite';

const api = process.env.TAPELAB_API;

export default defineConfig({
  base: '/',
  build: { target: 'es2022', sourcemap: false },
  server: { fs: { allow: ['..'] }, proxy: api ? { '/api': api } : undefined },
});
