import { request, type ClientRequest, type RequestOptions, type ServerResponse } from 'node:http';

/**
 * Sends a request on to a plain-HTTP server on loopback and relays its answer to `response` as it streams. A
 * connection either side drops mid-answer is dropped on the other side too, as a real network would: a cut model
 * stream reaches the browser as cut, not as a hang, and a cancelled request reaches the server as gone.
 */
export function relayTo(response: ServerResponse, options: RequestOptions): ClientRequest {
  const upstream = request(options, (answer) => {
    response.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(response);
    answer.once('close', () => {
      if (!answer.complete) response.destroy();
    });
    answer.once('error', () => response.destroy());
  });
  response.once('close', () => upstream.destroy());
  upstream.once('error', () => response.destroy());
  return upstream;
}
