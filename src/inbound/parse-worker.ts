/**
 * The parse worker's program (a worker thread of `ParsePool`): it answers each chunk of fetched
 * messages with their rows' JSON, parsed with mailparser exactly as on the main thread
 * (`parseInboundMessage`, then `rowJson`), one message at a time.
 */
import { parentPort } from 'node:worker_threads';
import { mailparser, parseInboundMessage, type MessagePlace } from './inbound-message.parse.js';
import { rowJson, type RowJson } from './inbound-row.json.js';

/** A chunk: the messages' sources one after the other in `sources`, each `lengths[i]` bytes long. */
export interface ParseChunk {
  id: number;
  sources: Uint8Array;
  lengths: number[];
  places: MessagePlace[];
}

/** The chunk's rows, in the order of its messages; or that the worker failed on it (the main thread parses it then). */
export type ParsedChunk = { id: number; rows: RowJson[] } | { id: number; failed: true };

async function parseChunk(chunk: ParseChunk): Promise<ParsedChunk> {
  const sources = Buffer.from(chunk.sources.buffer, chunk.sources.byteOffset, chunk.sources.byteLength);
  const rows: RowJson[] = [];
  let offset = 0;
  for (const [index, length] of chunk.lengths.entries()) {
    const place = chunk.places[index];
    if (!place) break;
    rows.push(rowJson(await parseInboundMessage(sources.subarray(offset, offset + length), place)));
    offset += length;
  }
  return { id: chunk.id, rows };
}

const port = parentPort;
if (port) {
  mailparser();
  // Chunks are parsed in the order they came, one after the other.
  let previous: Promise<unknown> = Promise.resolve();
  port.on('message', (chunk: ParseChunk) => {
    previous = previous.then(async () => {
      let answer: ParsedChunk;
      try {
        answer = await parseChunk(chunk);
      } catch {
        answer = { id: chunk.id, failed: true };
      }
      port.postMessage(answer);
    });
  });
}
