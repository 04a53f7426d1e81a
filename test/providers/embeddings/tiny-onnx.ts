import { promises as fs } from "node:fs";
import path from "node:path";

/**
 * Builds a tiny BERT-shaped sentence-embedding model directory (a few KB) for
 * tests, in the Transformers.js layout: tokenizer.json, tokenizer_config.json,
 * config.json and onnx/model.onnx. The ONNX graph is written here with a small
 * protobuf encoder: last_hidden_state = Gather(E, input_ids) * attention_mask,
 * so the expected sentence vector (mean of rows, normalised) is easy to compute.
 */

export const TINY_DIMS = 8;
export const SPECIAL = ["[PAD]", "[UNK]", "[CLS]", "[SEP]"];
export const CHARS = Array.from("北京上海广州深圳大学高校教育学生城市的有是所");
export const WORDS = ["the", "city", "has", "universities", "students"];

export interface TinyModel {
  dir: string;
  vocab: Map<string, number>;
  /** Row i of the embedding table. */
  rows: number[][];
}

export interface TinyModelOptions {
  /** Changes the table (and so the file fingerprint). */
  seed?: number;
  maxLength?: number;
  pooling?: "mean" | "cls";
}

export async function buildTinyModel(dir: string, options: TinyModelOptions = {}): Promise<TinyModel> {
  const tokens = [...SPECIAL, ...new Set(CHARS), ...WORDS];
  const vocab = new Map(tokens.map((t, i) => [t, i]));
  let state = options.seed ?? 12345;
  const random = () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return (state / 0xffffffff) * 2 - 1;
  };
  const rows = tokens.map(() => Array.from({ length: TINY_DIMS }, () => Math.fround(random())));

  await fs.mkdir(path.join(dir, "onnx"), { recursive: true });
  await fs.writeFile(path.join(dir, "onnx", "model.onnx"), modelProto(rows));
  await fs.writeFile(path.join(dir, "tokenizer.json"), JSON.stringify(tokenizerJson(vocab)));
  await fs.writeFile(
    path.join(dir, "tokenizer_config.json"),
    JSON.stringify({ do_lower_case: true, model_max_length: options.maxLength ?? 16, pad_token: "[PAD]", cls_token: "[CLS]", sep_token: "[SEP]", unk_token: "[UNK]", tokenizer_class: "BertTokenizer" }),
  );
  await fs.writeFile(path.join(dir, "config.json"), JSON.stringify({ model_type: "bert", hidden_size: TINY_DIMS, max_position_embeddings: 512 }));
  if (options.pooling) {
    await fs.mkdir(path.join(dir, "1_Pooling"), { recursive: true });
    await fs.writeFile(
      path.join(dir, "1_Pooling", "config.json"),
      JSON.stringify({ word_embedding_dimension: TINY_DIMS, pooling_mode_cls_token: options.pooling === "cls", pooling_mode_mean_tokens: options.pooling === "mean" }),
    );
  }
  return { dir, vocab, rows };
}

/** The vector the model should give: mean of the rows of [CLS] tokens [SEP], L2-normalised. */
export function expectedVector(model: TinyModel, tokens: string[]): number[] {
  const ids = [model.vocab.get("[CLS]")!, ...tokens.map((t) => model.vocab.get(t) ?? model.vocab.get("[UNK]")!), model.vocab.get("[SEP]")!];
  const sum = new Array<number>(TINY_DIMS).fill(0);
  for (const id of ids) model.rows[id].forEach((x, k) => (sum[k] += x / ids.length));
  const norm = Math.sqrt(sum.reduce((s, x) => s + x * x, 0));
  return sum.map((x) => x / norm);
}

function tokenizerJson(vocab: Map<string, number>): object {
  const special = (content: string) => ({ id: vocab.get(content), content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true });
  return {
    version: "1.0",
    truncation: null,
    padding: null,
    added_tokens: SPECIAL.map(special),
    normalizer: { type: "BertNormalizer", clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: "BertPreTokenizer" },
    post_processor: {
      type: "TemplateProcessing",
      single: [{ SpecialToken: { id: "[CLS]", type_id: 0 } }, { Sequence: { id: "A", type_id: 0 } }, { SpecialToken: { id: "[SEP]", type_id: 0 } }],
      pair: [
        { SpecialToken: { id: "[CLS]", type_id: 0 } }, { Sequence: { id: "A", type_id: 0 } }, { SpecialToken: { id: "[SEP]", type_id: 0 } },
        { Sequence: { id: "B", type_id: 1 } }, { SpecialToken: { id: "[SEP]", type_id: 1 } },
      ],
      special_tokens: {
        "[CLS]": { id: "[CLS]", ids: [vocab.get("[CLS]")], tokens: ["[CLS]"] },
        "[SEP]": { id: "[SEP]", ids: [vocab.get("[SEP]")], tokens: ["[SEP]"] },
      },
    },
    decoder: { type: "WordPiece", prefix: "##", cleanup: true },
    model: { type: "WordPiece", unk_token: "[UNK]", continuing_subword_prefix: "##", max_input_chars_per_word: 100, vocab: Object.fromEntries(vocab) },
  };
}

// ---------------------------------------------------------------------------
// A minimal protobuf writer for the ONNX messages we need.

const FLOAT = 1;
const INT64 = 7;

function varint(value: number | bigint): number[] {
  let v = BigInt.asUintN(64, BigInt(value));
  const out: number[] = [];
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v) byte |= 0x80;
    out.push(byte);
  } while (v);
  return out;
}

const key = (field: number, wire: number) => varint((field << 3) | wire);
const int = (field: number, value: number | bigint) => [...key(field, 0), ...varint(value)];
const bytes = (field: number, data: Uint8Array | number[]) => [...key(field, 2), ...varint(data.length), ...data];
const str = (field: number, text: string) => bytes(field, Array.from(Buffer.from(text, "utf8")));
const msg = (field: number, body: number[]) => bytes(field, body);

function tensor(name: string, dataType: number, dims: number[], raw: Uint8Array): number[] {
  return [...dims.flatMap((d) => int(1, d)), ...int(2, dataType), ...str(8, name), ...bytes(9, raw)];
}

function valueInfo(name: string, elemType: number, dims: Array<number | string>): number[] {
  const shape = dims.flatMap((d) => msg(1, typeof d === "number" ? int(1, d) : str(2, d)));
  const tensorType = [...int(1, elemType), ...msg(2, shape)];
  return [...str(1, name), ...msg(2, msg(1, tensorType))];
}

function node(op: string, inputs: string[], outputs: string[], attributes: number[][] = []): number[] {
  return [...inputs.flatMap((i) => str(1, i)), ...outputs.flatMap((o) => str(2, o)), ...str(3, `${op}_0`), ...str(4, op), ...attributes.flatMap((a) => msg(5, a))];
}

function modelProto(rows: number[][]): Uint8Array {
  const table = new Float32Array(rows.flat());
  const axes = new BigInt64Array([-1n]);
  const castTo = [...str(1, "to"), ...int(3, FLOAT), ...int(20, 2)]; // AttributeProto: name, i, type=INT
  const graph = [
    ...msg(1, node("Gather", ["embeddings", "input_ids"], ["gathered"])),
    ...msg(1, node("Cast", ["attention_mask"], ["mask_f"], [castTo])),
    ...msg(1, node("Unsqueeze", ["mask_f", "axes"], ["mask_3d"])),
    ...msg(1, node("Mul", ["gathered", "mask_3d"], ["last_hidden_state"])),
    ...str(2, "tiny-bert"),
    ...msg(5, tensor("embeddings", FLOAT, [rows.length, TINY_DIMS], new Uint8Array(table.buffer))),
    ...msg(5, tensor("axes", INT64, [1], new Uint8Array(axes.buffer))),
    ...msg(11, valueInfo("input_ids", INT64, ["batch", "sequence"])),
    ...msg(11, valueInfo("attention_mask", INT64, ["batch", "sequence"])),
    ...msg(12, valueInfo("last_hidden_state", FLOAT, ["batch", "sequence", TINY_DIMS])),
  ];
  const model = [...int(1, 7), ...str(2, "citebot-test"), ...msg(7, graph), ...msg(8, [...str(1, ""), ...int(2, 13)])];
  return Uint8Array.from(model);
}
