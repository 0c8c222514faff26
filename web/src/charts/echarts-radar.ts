// The radar series and its coordinate system, loaded by echarts.ts when an option draws one.
import { RadarChart } from 'echarts/charts';
import { RadarComponent } from 'echarts/components';

export default [RadarChart, RadarComponent];
