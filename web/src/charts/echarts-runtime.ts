// The ECharts core every chart needs (SVG renderer, grid and axes, legend, tooltip, aria), loaded
// by echarts.ts beside the page rather than before it, so the page's text does not wait for it.
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { init, use } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

use([AriaComponent, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

export { init, use };
