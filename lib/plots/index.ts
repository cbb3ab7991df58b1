// Plotly figure builders and notebook display helpers.
export * from './figures';
export { plot, plotHtml, resetPlotBundle, scriptJson, table, tableHtml, formatCell } from './display';
export type { PlotOptions, Row, HtmlTable, TableOptions } from './display';
export { BUNDLE_ATTRIBUTE, BUNDLE_SCRIPT_RE, bundleScript, plotlyBundle } from './bundle';
export { liveLog, inKernel, ProgressBoard } from './live';
export type { LiveLog, LiveLogOptions } from './live';
export { scoreColorRange, scoreHeatmap } from './scores';
export type { ScoreHeatmapOptions } from './scores';
