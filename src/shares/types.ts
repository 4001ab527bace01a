/** One aggregate of the window: a tag and a model (null when the request named none). */
export interface RollupRow {
  tag: string;
  model: string | null;
  requests: number;
  /** Prompt + completion tokens. */
  tokens: number;
  /** The sum over requests of tokens squared: what a token share's sampling variance needs. */
  tokenSquares?: number;
  /** Summed cost of the requests that carried one, and how many did. */
  cost?: number;
  costRequests?: number;
}

/** The wire shape of `GET /classifications/task`, exactly as the OpenAPI contract names its fields. */
export interface TaskClassificationResponse {
  data: {
    as_of: string;
    window_days: number;
    classifications: TaskClassificationItem[];
    macro_categories: MacroCategoryItem[];
  };
}

export interface TaskClassificationItem {
  tag: string;
  display_name: string;
  macro_category: string;
  usage_share: number;
  token_share: number;
  category_usage_share: number;
  category_token_share: number;
  models: ModelShare[];
}

export interface ModelShare {
  id: string;
  tag_usage_share: number;
  tag_token_share: number;
}

export interface MacroCategoryItem {
  key: string;
  label: string;
  usage_share: number;
  token_share: number;
}

/** One tag's sums on one UTC day (all models): what a share history needs. */
export interface TagDayRow {
  day: string;
  tag: string;
  requests: number;
  tokens: number;
  cost?: number;
}
