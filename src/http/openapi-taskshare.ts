import { CLASSIFICATIONS_COLUMNS, HISTORY_COLUMNS } from './csv.ts';

/** The OpenAPI description of taskshare's own read API (routes/taskshare.ts): parameters, shapes, errors. */
const pair = {
  type: 'object',
  required: ['usage_share', 'token_share'],
  properties: { usage_share: { type: 'number', minimum: 0, maximum: 1 }, token_share: { type: 'number', minimum: 0, maximum: 1 } },
};
const date = { type: 'string', format: 'date' };
const share = { type: 'number', minimum: 0, maximum: 1 };
const interval = (description: string) => ({ type: 'array', minItems: 2, maxItems: 2, items: share, description });
const span = { type: 'object', required: ['from', 'to'], properties: { from: date, to: date } };
const error = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorResponse' } } },
});

export const taskshareSchemas = {
  TaskshareClassification: {
    allOf: [
      { $ref: '#/components/schemas/TaskClassificationItem' },
      {
        type: 'object',
        required: ['previous', 'change_pp', 'usage_share_interval', 'token_share_interval'],
        properties: {
          previous: { ...pair, description: "The tag's shares in the window of the same length just before (0 where it had no requests)" },
          usage_share_interval: interval(
            '[low, high]: Wilson interval at confidence_level for the sampling at sample_rate, with the finite-population correction; ' +
              'classifier error not included. [share, share] at sample_rate 1',
          ),
          token_share_interval: interval(
            '[low, high]: normal interval of the ratio estimator at confidence_level for the sampling at sample_rate (from the sums of ' +
              'squared request tokens), with the finite-population correction. [share, share] at sample_rate 1',
          ),
          spend_share: {
            ...share,
            description: "The tag's part of the logged cost of the window's classified requests; present only when has_cost",
          },
          estimated_usage_share: {
            ...share,
            description:
              "The usage share corrected for the built-in classifier's known error (its held-out confusion matrix, adjusted " +
              'classify-and-count); present only when every request of the window was tagged by the classifier version that carries it',
          },
          estimated_usage_share_interval: interval(
            '[low, high] of estimated_usage_share at confidence_level: a parametric bootstrap over the sampling and the confusion matrix',
          ),
          models: {
            type: 'array',
            items: {
              allOf: [
                { $ref: '#/components/schemas/TaskClassificationModel' },
                {
                  type: 'object',
                  properties: {
                    tag_spend_share: { ...share, description: "The model's part of the tag's logged cost; present only when has_cost" },
                  },
                },
              ],
            },
          },
          change_pp: {
            type: 'object',
            required: ['usage', 'token'],
            description: '(share - previous share) x 100, in percentage points',
            properties: { usage: { type: 'number' }, token: { type: 'number' } },
          },
        },
      },
    ],
  },
  TaskshareClassificationsResponse: {
    type: 'object',
    required: ['data'],
    properties: {
      data: {
        type: 'object',
        required: [
          'as_of',
          'window_days',
          'from',
          'to',
          'previous_window',
          'app',
          'apps',
          'sample_rate',
          'confidence_level',
          'classifier_versions',
          'has_cost',
          'privacy',
          'classifications',
          'macro_categories',
        ],
        properties: {
          as_of: date,
          window_days: { type: 'integer', enum: [1, 7, 28, 90] },
          from: { ...date, description: 'First UTC day of the window (inclusive)' },
          to: { ...date, description: 'Last UTC day of the window (inclusive): as_of' },
          previous_window: { ...span, description: 'The window `previous` describes' },
          app: { type: ['string', 'null'], description: 'The app the numbers are narrowed to (the app parameter), or null for every app' },
          apps: {
            type: 'array',
            items: { type: 'string' },
            description: 'The apps with requests in the window, whatever the filter, in code-point order: what app can choose from',
          },
          classifier_versions: {
            type: 'array',
            items: { type: 'string' },
            description:
              "The classifier versions that tagged the window's requests (builtin-<hash>, llm-..., upstream for tags sent with the " +
              'events); days ingested before taskshare recorded them add none',
          },
          has_cost: {
            type: 'boolean',
            description: 'Whether any classified request of the window carried usage.cost; spend shares are given only then',
          },
          privacy: {
            type: 'object',
            required: ['min_users', 'models_folded', 'tags_folded'],
            description:
              'The privacy threshold (TASKSHARE_MIN_USERS): models whose requests came from fewer distinct users are folded into their ' +
              "tag's unlisted remainder, tags into the unclassified bucket",
            properties: {
              min_users: { type: ['integer', 'null'], minimum: 1, description: 'null: the threshold is off' },
              models_folded: { type: 'integer', minimum: 0 },
              tags_folded: { type: 'integer', minimum: 0 },
            },
          },
          sample_rate: {
            type: 'number',
            minimum: 0,
            maximum: 1,
            description: 'The fraction of requests this server classifies and stores (TASKSHARE_SAMPLE_RATE)',
          },
          confidence_level: {
            type: 'number',
            exclusiveMinimum: 0,
            exclusiveMaximum: 1,
            description: 'Of usage_share_interval (TASKSHARE_CONFIDENCE_LEVEL)',
          },
          classifications: { type: 'array', items: { $ref: '#/components/schemas/TaskshareClassification' } },
          macro_categories: { type: 'array', items: { $ref: '#/components/schemas/TaskClassificationMacroCategory' } },
        },
      },
    },
  },
  TaskshareHistoryResponse: {
    type: 'object',
    required: ['data'],
    properties: {
      data: {
        type: 'object',
        required: ['window_days', 'step_days', 'from', 'to', 'app', 'sample_rate', 'points'],
        properties: {
          window_days: { type: 'integer', enum: [1, 7, 28, 90] },
          app: { type: ['string', 'null'], description: 'The app the numbers are narrowed to, or null for every app' },
          step_days: { type: 'integer', enum: [1, 7] },
          from: date,
          to: date,
          sample_rate: { type: 'number', minimum: 0, maximum: 1 },
          points: {
            type: 'array',
            maxItems: 400,
            description: 'Oldest first; the last ends at `to`, each `step_days` after the one before',
            items: {
              type: 'object',
              required: ['as_of', 'from', 'to', 'classifications', 'macro_categories'],
              properties: {
                as_of: date,
                from: date,
                to: date,
                classifications: {
                  type: 'array',
                  items: {
                    allOf: [
                      pair,
                      {
                        type: 'object',
                        required: ['tag', 'macro_category'],
                        properties: { tag: { type: 'string' }, macro_category: { type: 'string' } },
                      },
                    ],
                  },
                },
                macro_categories: {
                  type: 'array',
                  items: { allOf: [pair, { type: 'object', required: ['key'], properties: { key: { type: 'string' } } }] },
                },
              },
            },
          },
        },
      },
    },
  },
};

const windowParam = {
  name: 'window',
  in: 'query',
  required: false,
  description: 'Window length in UTC days, ending at as_of inclusive',
  schema: { type: 'string', enum: ['1d', '7d', '28d', '90d'], default: '7d' },
};
const pastDate = (name: string, description: string) => ({
  name,
  in: 'query',
  required: false,
  description: `${description}; a UTC date before today (today or later is a 400)`,
  schema: date,
});
const appParam = {
  name: 'app',
  in: 'query',
  required: false,
  description: "Only this app's requests (an event's app). An app with no requests in the window is an empty result, not an error",
  schema: { type: 'string', minLength: 1, maxLength: 256 },
};
const errors = {
  '400': error('An unknown, repeated or malformed parameter; the message names it and what it accepts'),
  '401': error('Missing or invalid API key'),
  '403': error('The key lacks the read scope'),
  '429': error("Rate limit exceeded (the read endpoint's limits)"),
  '500': error('Internal error'),
  '503': error('The store is not answering; retry after Retry-After'),
};

const formatParam = {
  name: 'format',
  in: 'query',
  required: false,
  description: 'csv: the same numbers as CSV (also chosen by Accept: text/csv when format is absent)',
  schema: { type: 'string', enum: ['json', 'csv'], default: 'json' },
};
const csv = (columns: string) => ({
  'text/csv': {
    schema: { type: 'string', description: `RFC 4180, header row, CRLF; one row per (window end, tag, model); columns: ${columns}` },
  },
});

export const tasksharePaths = {
  '/taskshare/classifications': {
    get: {
      tags: ['Classifications'],
      operationId: 'getTaskshareClassifications',
      summary: 'Task shares for any window and date, with the previous window and the change (read scope)',
      description:
        "The contract endpoint's shape plus taskshare's fields. With window=7d and no as_of, the contract fields equal GET " +
        "/classifications/task's. Unknown or repeated parameters are a 400.",
      parameters: [windowParam, pastDate('as_of', 'Last day of the window (default yesterday)'), appParam, formatParam],
      responses: {
        '200': {
          description: 'Shares',
          content: {
            'application/json': { schema: { $ref: '#/components/schemas/TaskshareClassificationsResponse' } },
            ...csv(`${CLASSIFICATIONS_COLUMNS.join(', ')}. The row with an empty model is the tag as a whole`),
          },
        },
        ...errors,
      },
    },
  },
  '/taskshare/classifications/history': {
    get: {
      tags: ['Classifications'],
      operationId: 'getTaskshareHistory',
      summary: 'Tag and macro-category shares of the window ending each step (read scope)',
      description: 'Points at to, to - step, ... not before from, oldest first; at most 400 (more is a 400).',
      parameters: [
        windowParam,
        pastDate('from', 'Earliest window end (default: 29 steps before to)'),
        pastDate('to', 'Last window end (default yesterday)'),
        {
          name: 'step',
          in: 'query',
          required: false,
          description: 'Days between points',
          schema: { type: 'string', enum: ['1d', '7d'], default: '1d' },
        },
        appParam,
        formatParam,
      ],
      responses: {
        '200': {
          description: 'History',
          content: {
            'application/json': { schema: { $ref: '#/components/schemas/TaskshareHistoryResponse' } },
            ...csv(HISTORY_COLUMNS.join(', ')),
          },
        },
        ...errors,
      },
    },
  },
};
