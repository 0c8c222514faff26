// The heatmap series, loaded by echarts.ts when an option draws one.
export { HeatmapChart as default } from 'echarts/charts';
