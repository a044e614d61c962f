import { defineConfig, defaultClientConditions } from 'vite'
import react from '@vitejs/plugin-react'

// The API server (apps/server) listens on :3000 in development and serves the
// built app from apps/web/dist in production.
const backend = 'http://localhost:3000'

export default defineConfig({
  plugins: [react()],
  resolve: {
    // Workspace packages expose a `source` export condition pointing at their TS
    // source, so the web app can use them without building them first.
    conditions: ['source', ...defaultClientConditions],
  },
  server: {
    proxy: {
      '/api': { target: backend, changeOrigin: true },
      '/docs': { target: backend, changeOrigin: true },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      output: {
        manualChunks: {
          react: ['react', 'react-dom', 'react-router-dom', 'zustand'],
          antd: ['antd', '@ant-design/icons'],
        },
      },
    },
  },
})
