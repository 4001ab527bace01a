/**
 * The built-in classifier: local, fast, no network, deterministic. Hashed features of the transcript
 * (words, structure, lexicon cues) through the committed linear model; below `threshold` the tag is
 * `other`.
 */
import { OTHER_TAG } from '../taxonomy/index.ts';
import { extractFeatures, newFeatureBuffer } from './features.ts';
import type { Classification, Classifier, RequestBody } from './interface.ts';
import { calibrate, type LinearModel, logits, softmax } from './model.ts';
import { readable } from './readable.ts';
import { parseRequest, type Transcript } from './transcript.ts';
import { loadCommittedModel } from './weights.ts';

export interface BuiltinOptions {
  /** Below this top probability (calibrated: see `LinearModel.temperature`) the answer is `other`. */
  threshold: number;
  /** A model other than the committed one (tests, eval); its `sha8` names the version. */
  model?: LinearModel & { sha8: string };
}

let committed: (LinearModel & { sha8: string }) | undefined;

/**
 * @example
 * const c = new BuiltinClassifier({ threshold: 0.35 });
 * c.classifySync({ messages: [{ role: 'user', content: 'Translate to French: good morning' }] });
 * // { tag: 'translation', confidence: 0.97, path: 'builtin' }
 */
export class BuiltinClassifier implements Classifier {
  readonly version: string;
  private readonly model: LinearModel;
  private readonly threshold: number;
  private readonly buf = newFeatureBuffer();
  private readonly scores: Float64Array;

  constructor(options: BuiltinOptions) {
    const model = options.model ?? (committed ??= loadCommittedModel());
    this.model = model;
    this.threshold = options.threshold;
    this.version = `builtin-${model.sha8}`;
    this.scores = new Float64Array(model.tags.length);
  }

  /**
   * Classify a transcript already built (ingestion parses once and reuses it). A transcript the model
   * cannot score (a bug, not an input it should meet) is `other` with confidence 0: the event is kept.
   */
  classifyTranscript(t: Transcript): Classification {
    try {
      return readable(t) ? this.score(t) : { tag: OTHER_TAG, confidence: 0, path: 'builtin' };
    } catch {
      return { tag: OTHER_TAG, confidence: 0, path: 'builtin' };
    }
  }

  private score(t: Transcript): Classification {
    extractFeatures(t, this.buf);
    logits(this.model, this.buf, this.scores);
    const temp = this.model.temperature ?? 1;
    if (temp !== 1) for (let c = 0; c < this.scores.length; c++) this.scores[c] = this.scores[c]! / temp;
    const best = softmax(this.scores, this.model.tags.length);
    const iso = this.model.isotonic;
    const confidence = iso === undefined ? this.scores[best]! : calibrate(this.scores[best]!, iso);
    const tag = confidence >= this.threshold ? this.model.tags[best]! : OTHER_TAG;
    return { tag, confidence: Math.round(confidence * 1e4) / 1e4, path: 'builtin' };
  }

  /** Synchronous classification; a body of neither request shape gets `other` with confidence 0. */
  classifySync(request: RequestBody): Classification {
    const parsed = parseRequest(request);
    if (!parsed.ok) return { tag: OTHER_TAG, confidence: 0, path: 'builtin' };
    return this.classifyTranscript(parsed.transcript);
  }

  classify(request: RequestBody): Promise<Classification> {
    return Promise.resolve(this.classifySync(request));
  }
}
