// The line series, loaded by echarts.ts when an option draws one.
export { LineChart as default } from 'echarts/charts';
