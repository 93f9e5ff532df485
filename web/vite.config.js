// Vite build of the greenlane browser app. `npm run build` writes web/dist, which `greenlane serve
// --web web/dist` serves with a fallback to index.html for the app's own paths. During development
// `npm run dev` forwards /api to the server named by GREENLANE_API (default 127.0.0.1:8080).
// Every text file of the build is also written gzip- and brotli-compressed beside itself
// (plugins/precompress.js), which the server sends to a browser that accepts it.
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import precompress from './plugins/precompress.js'

const api = process.env.GREENLANE_API || 'http://127.0.0.1:8080'

export default defineConfig({
  plugins: [vue(), precompress()],
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1600,
    rollupOptions: {
      output: {
        manualChunks: {
          vue: ['vue', 'vue-router'],
          'element-plus': ['element-plus'],
          echarts: ['echarts'],
        },
      },
    },
  },
  server: { proxy: { '/api': api, '/healthz': api } },
})
