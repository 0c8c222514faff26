import { defineConfig } from 'vitest/config';

// The app is served by the Go binary from web/dist (embedded), so the build must be
// deterministic: hashed asset names come from content only, and nothing depends on time.
const ECHARTS = /node_modules[\\/](echarts|zrender|tslib)[\\/]/;
const ECHARTS_PART = /echarts[\\/]lib[\\/](chart[\\/](bar|line|heatmap|radar)|component[\\/](radar|marker)|coord[\\/]radar)[\\/.]/;
const RUNTIME = /web[\\/]src[\\/]charts[\\/]echarts-runtime\.ts$/;
const SHARED = /web[\\/]src[\\/](app|dom|format|sentences|groups|frameworks|notice|i18n[\\/]\w+|views[\\/](panel|search|status|table|areapicker|context)|charts[\\/](echarts|export|option|palette))\.ts$/;

export default defineConfig({
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 800,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            // The ECharts core every chart needs (with src/charts/echarts-runtime.ts, which
            // registers it), in one chunk loaded beside the page; each series type and the
            // components only some charts use stay in the chunks of src/charts/echarts-*.ts,
            // loaded when a chart needs them.
            { name: 'echarts-core', test: (id: string) => (ECHARTS.test(id) && !ECHARTS_PART.test(id)) || RUNTIME.test(id) },
            // What every view shares (panels, chart handle, formats) travels with the page
            // rather than as a handful of small chunks, each a request on a slow link.
            { name: 'app', test: SHARED, includeDependenciesRecursively: false },
          ],
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
