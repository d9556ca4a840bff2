export type { ReportModel } from './model';
export { performanceMetrics, equityCurve, drawdownCurve, monthlyReturns } from './metrics';
export type { PerformanceMetrics } from './metrics';
export { renderTearsheet } from './tearsheet';
export { renderMarkdown } from './markdown';
export { lineChartSvg } from './svg-chart';
export { cell, round, pct, num, escapeHtml } from './format';
