// The bar series, loaded by echarts.ts when an option draws one.
export { BarChart as default } from 'echarts/charts';
