import { defineConfig } from 'vitest/config';

// The app is served by the Go binary from web/dist (embedded), so the build must be
// deterministic: hashed asset names come from content only, and nothing depends on time.
export default defineConfig({
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // ECharts is large but stable: its own chunk keeps the app chunk small and its hash
    // unchanged when only the app changes.
    chunkSizeWarningLimit: 800,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [{ name: 'echarts', test: /node_modules[\\/](echarts|zrender|tslib)[\\/]/ }],
        },
      },
    },
  },
  server: {
    proxy: {
      '/graphql': 'http://127.0.0.1:8080',
    },
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
