/** Bulk ingestion from the CLI, reusable in-process (the benchmark calls ingestFiles directly). */
export { ingestFiles, DEFAULTS, type IngestOptions, type IngestReport, type IngestStats } from './ingest-files.ts';
export { progressView, summaryText } from './progress.ts';
