/**
 * The committed weights: int8 per weight with one scale per tag (`model/weights.bin`, ~2 MB) and a
 * small JSON of everything else (`model/meta.json`). int8 keeps the file small; per-tag scales keep
 * rare tags, whose weights are smaller, from being rounded to zero.
 */

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ShareCorrection } from '../shares/correction.ts';
import { LEX_TAGS } from './lexicon.ts';
import { type LinearModel, packInt8, QSTRIDE } from './model.ts';

export interface ModelMeta {
  format: 'taskshare-linear-int8-v1';
  tags: string[];
  bits: number;
  scales: number[];
  bias: number[];
  lexPrior: number;
  /** Softmax temperature fitted on the leave-one-source-out logits (absent: 1). */
  temperature?: number;
  /** Isotonic knots for the top probability after the temperature (absent: none). */
  isotonic?: { x: number[]; y: number[] };
  /**
   * Leave-one-source-out counts `confusion[truth][predicted]` in `tags` order: what a share correction
   * for known classifier error needs (docs/classifier-eval.md). Not read by the classifier itself.
   */
  confusion?: number[][];
  /**
   * How far the correction moves the counted shares towards the EM estimate through `confusion`
   * (0: not at all, 1: all the way), chosen on the same folds (`chooseCorrectionWeight`). Absent: 1.
   */
  correctionWeight?: number;
  /** First 8 hex digits of the SHA-256 of weights.bin and this file's other fields: the version. */
  sha8?: string;
  /** How the weights were made (row counts, options); for people, not read by the runtime. */
  training?: Record<string, unknown>;
}

export function encodeModel(
  m: LinearModel,
  training?: Record<string, unknown>,
  correction?: { confusion: number[][]; weight: number },
): { bin: Buffer; meta: ModelMeta } {
  const C = m.tags.length;
  const scales = new Array<number>(C).fill(0);
  for (let i = 0; i < m.weights.length; i++) scales[i % C] = Math.max(scales[i % C]!, Math.abs(m.weights[i]!));
  for (let c = 0; c < C; c++) scales[c] = scales[c]! / 127 || 1;
  const bin = Buffer.alloc(m.weights.length);
  for (let i = 0; i < m.weights.length; i++) bin.writeInt8(Math.round(m.weights[i]! / scales[i % C]!), i);
  const round = (x: number): number => Number(x.toPrecision(7));
  const meta: ModelMeta = {
    format: 'taskshare-linear-int8-v1',
    tags: m.tags,
    bits: m.bits,
    scales: scales.map(round),
    bias: Array.from(m.bias, round),
    lexPrior: m.lexPrior,
  };
  if (m.temperature !== undefined && m.temperature !== 1) meta.temperature = m.temperature;
  if (m.isotonic !== undefined) meta.isotonic = m.isotonic;
  meta.sha8 = sha8(bin, meta);
  if (correction) {
    meta.confusion = correction.confusion;
    meta.correctionWeight = correction.weight;
  }
  if (training) meta.training = training;
  return { bin, meta };
}

/** The calibration is part of the version: it changes every confidence (and so what `other` takes). */
function sha8(bin: Buffer, meta: ModelMeta): string {
  const { tags, bits, scales, bias, lexPrior, temperature, isotonic } = meta;
  const fields =
    temperature === undefined && isotonic === undefined
      ? { tags, bits, scales, bias, lexPrior }
      : { tags, bits, scales, bias, lexPrior, temperature, isotonic };
  return createHash('sha256').update(bin).update(JSON.stringify(fields)).digest('hex').slice(0, 8);
}

export function decodeModel(bin: Uint8Array, meta: ModelMeta): LinearModel & { sha8: string } {
  if (meta.format !== 'taskshare-linear-int8-v1') throw new Error(`unknown model format: ${meta.format}`);
  const C = meta.tags.length;
  if (bin.length !== (1 << meta.bits) * C) throw new Error('weights.bin does not match meta.json');
  const weights = new Float32Array(bin.length);
  const signed = new Int8Array(bin.buffer, bin.byteOffset, bin.length);
  for (let i = 0; i < bin.length; i++) weights[i] = signed[i]! * meta.scales[i % C]!;
  let quantized: LinearModel['quantized'];
  if (C <= QSTRIDE) {
    const q = new Int8Array((1 << meta.bits) * QSTRIDE);
    for (let f = 0; f < 1 << meta.bits; f++) for (let c = 0; c < C; c++) q[f * QSTRIDE + c] = signed[f * C + c]!;
    quantized = { packed: packInt8(q), scales: Float64Array.from(meta.scales) };
  }
  return {
    tags: meta.tags,
    bits: meta.bits,
    weights,
    bias: Float32Array.from(meta.bias),
    lexPrior: meta.lexPrior,
    temperature: meta.temperature ?? 1,
    isotonic: meta.isotonic,
    lexIndex: Int32Array.from(meta.tags.map((t) => LEX_TAGS.indexOf(t))),
    quantized,
    sha8: sha8(Buffer.from(bin.buffer, bin.byteOffset, bin.length), meta),
  };
}

/** Where the committed model lives, next to this file. */
export const MODEL_DIR = new URL('./model/', import.meta.url);

export function loadCommittedModel(dir: URL = MODEL_DIR): LinearModel & { sha8: string } {
  const meta = JSON.parse(readFileSync(new URL('meta.json', dir), 'utf8')) as ModelMeta;
  return decodeModel(readFileSync(new URL('weights.bin', dir)), meta);
}

/**
 * The committed model's share correction: its leave-one-source-out confusion counts and how far to
 * trust them, read from meta.json alone (the weights stay in the classifier's workers). Undefined for a model without them.
 */
export function committedCorrection(dir: URL = MODEL_DIR): ShareCorrection | undefined {
  const meta = JSON.parse(readFileSync(new URL('meta.json', dir), 'utf8')) as ModelMeta & { sha8?: string };
  if (!meta.confusion || !meta.sha8) return undefined;
  return { version: `builtin-${meta.sha8}`, tags: meta.tags, confusion: meta.confusion, weight: meta.correctionWeight ?? 1 };
}
