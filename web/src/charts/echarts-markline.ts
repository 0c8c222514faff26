// Mark lines (a reference value across a chart), loaded by echarts.ts when a series has one.
export { MarkLineComponent as default } from 'echarts/components';
