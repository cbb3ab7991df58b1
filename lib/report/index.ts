// Notebook runner (tslab, no Python), HTML export and the report command's engine.
export { runNotebook, writeExecuted, describeFailure } from './run-notebook';
export type { CellRun, NotebookRun, RunOptions, RunProgress } from './run-notebook';
export { runReport, exportReport, listNotebooks } from './report';
export type { ReportOptions, ReportResult, ExportOptions } from './report';
export { writeNotebookPage } from './pages';
export type { PageOptions } from './pages';
export { exportPdf } from './pdf';
export type { PdfOptions, PdfResult } from './pdf';
export { notebookToHtml, indexHtml, highlightTs } from './html';
export type { IndexEntry, PageMeta } from './html';
export { renderMarkdown, renderInline, escapeHtml } from './markdown';
export { readNotebook, parseNotebook, serializeNotebook, notebookTitle, codeCells, TSLAB_KERNELSPEC } from './notebook';
export type { Notebook, Cell, CodeCell, Output } from './notebook';
export type { CellFailure } from './protocol';
