// Plotly figure builders and notebook display helpers.
export * from './figures';
export { plot, plotHtml, resetPlotBundle, scriptJson, table, tableHtml, formatCell } from './display';
export type { PlotOptions, Row, HtmlTable, TableOptions } from './display';
export { BUNDLE_ATTRIBUTE, BUNDLE_SCRIPT_RE, SHARED_BUNDLE_ATTRIBUTE, bundleFileName, bundleScript, plotlyBundle, sharedBundleScript, writeBundleFile } from './bundle';
export { liveLog, inKernel, ProgressBoard } from './live';
export type { LiveLog, LiveLogOptions } from './live';
export { scoreColorRange, scoreHeatmap } from './scores';
export type { ScoreHeatmapOptions } from './scores';
export { GREY, MODEL_COLORS, OKABE_ITO, SELECTION_COLORS, modelColor, modelOf, seriesColors } from './palette';
