/** Where an import reads from: a file path (Node, streamed) or text in memory. */
import { invalidInput } from "./api.ts";
import { linesOf } from "./import-rows.ts";

/** A file path, or the file's contents. */
export type ImportSource = string | { text: string; fileName?: string };

type NodeFs = {
  createReadStream(
    path: string,
    options: { encoding: "utf8"; highWaterMark: number },
  ): AsyncIterable<string> & {
    bytesRead: number;
  };
  promises: {
    stat(path: string): Promise<{ size: number }>;
    readFile(path: string, encoding: "utf8"): Promise<string>;
  };
};

/** node:fs, found without a static import so the SDK still loads where there is none (Workers). */
function nodeFs(call: string): NodeFs {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const fs = proc?.getBuiltinModule?.("node:fs") as NodeFs | undefined;
  if (!fs)
    throw invalidInput(call, "reading a file by its path needs Node (20.16 or later); pass { text } instead");
  return fs;
}

/** The source as lines, and how far through it reading has got. */
export async function openSource(call: string, source: ImportSource) {
  if (typeof source !== "string") {
    const text = source.text;
    let read = 0;
    async function* pieces() {
      read = text.length;
      yield text;
    }
    return {
      lines: linesOf(pieces()),
      whole: async () => text,
      position: () => ({ bytesRead: read, totalBytes: text.length }),
    };
  }
  const fs = nodeFs(call);
  const { size } = await fs.promises.stat(source);
  const stream = fs.createReadStream(source, { encoding: "utf8", highWaterMark: 1 << 20 });
  return {
    lines: linesOf(stream),
    whole: () => fs.promises.readFile(source, "utf8"),
    position: () => ({ bytesRead: stream.bytesRead, totalBytes: size }),
  };
}
