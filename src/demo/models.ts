/** Real model ids for the demo dataset, with a base popularity and the tasks each is strong at. */
export interface DemoModel {
  id: string;
  weight: number;
  /** Tag prefixes or tags this model is picked more often for. */
  strengths: string[];
}

export const DEMO_MODELS: readonly DemoModel[] = [
  { id: 'anthropic/claude-sonnet-4.5', weight: 14, strengths: ['code:', 'agent:'] },
  { id: 'anthropic/claude-opus-4.1', weight: 3, strengths: ['code:', 'research_report'] },
  { id: 'anthropic/claude-haiku-4.5', weight: 5, strengths: ['agent:', 'classification_tagging'] },
  { id: 'anthropic/claude-3.7-sonnet', weight: 3, strengths: ['code:'] },
  { id: 'openai/gpt-5', weight: 8, strengths: ['code:', 'math', 'research_report'] },
  { id: 'openai/gpt-5-mini', weight: 7, strengths: ['data:', 'classification_tagging', 'summarization'] },
  { id: 'openai/gpt-4.1', weight: 4, strengths: ['agent:', 'content_writing'] },
  { id: 'openai/gpt-4.1-mini', weight: 6, strengths: ['data:', 'customer_support', 'code:general_impl'] },
  { id: 'openai/gpt-4o-mini', weight: 8, strengths: ['classification_tagging', 'translation', 'data:'] },
  { id: 'openai/gpt-oss-120b', weight: 4, strengths: ['qa_knowledge', 'math'] },
  { id: 'openai/gpt-oss-20b', weight: 2, strengths: ['classification_tagging'] },
  { id: 'google/gemini-2.5-flash', weight: 12, strengths: ['summarization', 'translation', 'data:', 'image_prompting'] },
  { id: 'google/gemini-2.5-pro', weight: 6, strengths: ['code:', 'research_report'] },
  { id: 'google/gemini-2.5-flash-lite', weight: 5, strengths: ['classification_tagging', 'translation'] },
  { id: 'google/gemma-3-27b-it', weight: 2, strengths: ['conversational_reply'] },
  { id: 'x-ai/grok-code-fast-1', weight: 9, strengths: ['code:'] },
  { id: 'x-ai/grok-4-fast', weight: 5, strengths: ['agent:web_search', 'qa_knowledge'] },
  { id: 'x-ai/grok-4', weight: 2, strengths: ['math', 'finance_trading'] },
  { id: 'deepseek/deepseek-chat-v3.1', weight: 7, strengths: ['roleplay_fiction', 'conversational_reply', 'code:'] },
  { id: 'deepseek/deepseek-r1-0528', weight: 3, strengths: ['math', 'qa_knowledge'] },
  { id: 'deepseek/deepseek-v3.2-exp', weight: 3, strengths: ['roleplay_fiction'] },
  { id: 'qwen/qwen3-coder', weight: 5, strengths: ['code:'] },
  { id: 'qwen/qwen3-235b-a22b-2507', weight: 3, strengths: ['translation', 'qa_knowledge'] },
  { id: 'qwen/qwen3-30b-a3b', weight: 2, strengths: ['classification_tagging', 'data:'] },
  { id: 'z-ai/glm-4.6', weight: 4, strengths: ['code:', 'agent:'] },
  { id: 'z-ai/glm-4.5-air', weight: 2, strengths: ['roleplay_fiction'] },
  { id: 'moonshotai/kimi-k2-0905', weight: 4, strengths: ['agent:', 'code:'] },
  { id: 'minimax/minimax-m2', weight: 3, strengths: ['code:', 'agent:'] },
  { id: 'meta-llama/llama-3.3-70b-instruct', weight: 3, strengths: ['customer_support', 'content_writing'] },
  { id: 'meta-llama/llama-4-maverick', weight: 2, strengths: ['image_prompting'] },
  { id: 'mistralai/mistral-small-3.2-24b-instruct', weight: 3, strengths: ['translation', 'customer_support'] },
  { id: 'mistralai/mistral-nemo', weight: 3, strengths: ['roleplay_fiction', 'conversational_reply'] },
  { id: 'mistralai/codestral-2508', weight: 2, strengths: ['code:'] },
  { id: 'cohere/command-r-plus-08-2024', weight: 1, strengths: ['agent:web_search', 'summarization'] },
  { id: 'nousresearch/hermes-4-70b', weight: 1, strengths: ['roleplay_fiction'] },
  { id: 'perplexity/sonar', weight: 2, strengths: ['agent:web_search', 'research_report'] },
];
