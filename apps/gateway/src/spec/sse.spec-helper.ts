/** One block of a text/event-stream: an event with data, or a comment. */
export interface SseBlock {
  readonly event?: string;
  readonly data?: string;
  readonly comment?: string;
}

/** Reads a text/event-stream response block by block (blocks end with a blank line). */
export class SseReader {
  private readonly reader: ReadableStreamDefaultReader<string>;
  private buffer = '';

  constructor(response: Response) {
    if (!response.body) throw new Error('the response has no body');
    this.reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  }

  /** The next block; undefined when the stream ended. */
  async next(): Promise<SseBlock | undefined> {
    for (;;) {
      const end = this.buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end + 2);
        return parseBlock(block);
      }
      const { value, done } = await this.reader.read();
      if (done) return undefined;
      this.buffer += value;
    }
  }

  /** The next block with an event (skipping comments), parsed as JSON. */
  async nextEvent<T>(): Promise<{ event: string; data: T } | undefined> {
    for (let block = await this.next(); block !== undefined; block = await this.next()) {
      if (block.event !== undefined) return { event: block.event, data: JSON.parse(block.data ?? 'null') as T };
    }
    return undefined;
  }

  /** Reads to the end; resolves with the blocks left. */
  async rest(): Promise<SseBlock[]> {
    const blocks: SseBlock[] = [];
    for (let block = await this.next(); block !== undefined; block = await this.next()) blocks.push(block);
    return blocks;
  }
}

function parseBlock(block: string): SseBlock {
  const fields: Record<string, string> = {};
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) return { comment: line.slice(1).trim() };
    const colon = line.indexOf(':');
    fields[line.slice(0, colon)] = line.slice(colon + 1).trimStart();
  }
  return { event: fields['event'], data: fields['data'] };
}
