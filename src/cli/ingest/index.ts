/** Bulk ingestion from the CLI, reusable in-process (the benchmark calls ingestFiles directly). */
export { DEFAULTS, type IngestOptions, type IngestReport, type IngestStats, ingestFiles } from './ingest-files.ts';
export { progressView, summaryText } from './progress.ts';
