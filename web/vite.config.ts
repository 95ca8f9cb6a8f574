import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const server = process.env.HUDDLE_SERVER ?? 'http://127.0.0.1:5080';

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: '../src/Huddle.Server/wwwroot',
    emptyOutDir: true,
  },
  server: {
    proxy: {
      '/api': server,
      '/hubs': { target: server, ws: true },
    },
  },
});
