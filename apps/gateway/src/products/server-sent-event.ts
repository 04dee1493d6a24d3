/**
 * One server-sent event (`event:` and a single-line JSON `data:`), as the HTML standard's
 * EventSource parses it. JSON.stringify escapes newlines, so the data stays one line.
 */
export function serverSentEvent(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** A comment line: ignored by EventSource, but traffic for proxies that close idle streams. */
export const SSE_HEARTBEAT = ': heartbeat\n\n';
