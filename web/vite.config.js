// Vite build of the greenlane browser app. `npm run build` writes web/dist, which `greenlane serve
// --web web/dist` serves with a fallback to index.html for the app's own paths. During development
// `npm run dev` forwards /api to the server named by GREENLANE_API (default 127.0.0.1:8080).
//
// Each screen imports the Element Plus components its template names (unplugin-vue-components), so
// the public catalog does not load the officer's tables and date pickers; ECharts is registered piece
// by piece in components/Chart.vue and kept in a chunk of its own that only the dashboard loads.
// Every text asset is also written gzip- and brotli-compressed beside itself (plugins/precompress.js),
// which the server sends to a browser that accepts it.
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'
import precompress from './plugins/precompress.js'

const api = process.env.GREENLANE_API || 'http://127.0.0.1:8080'

function chunkOf(id) {
  if (/node_modules\/(echarts|zrender)\//.test(id)) return 'echarts'
  if (/node_modules\/(@vue|vue|vue-router)\//.test(id)) return 'vue'
  return undefined
}

export default defineConfig({
  plugins: [
    vue(),
    // The whole stylesheet is imported once in main.js, so the components bring no styles of their own.
    Components({ resolvers: [ElementPlusResolver({ importStyle: false })], dts: false }),
    precompress(),
  ],
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    rollupOptions: { output: { manualChunks: chunkOf } },
  },
  server: { proxy: { '/api': api, '/healthz': api } },
})
