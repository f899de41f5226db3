/**
 * Sentences about flows, for the model (in a refusal), the person (approval cards, audit) and the
 * log. They name the argument and where its text came from, never the text itself.
 */
import { argumentName, type Flow } from '../../contracts/flow.js';

/**
 * "the argument `body` holds 1,212 characters returned by files/read_text_file at 10:32 UTC
 * (private data)", or "the argument `token` holds the secret github-token (base64-encoded)".
 */
export function describeFlow(flow: Flow): string {
  const argument = `the argument \`${argumentName(flow.argument)}\``;
  const source = flow.source;
  if (source.kind === 'secret') {
    const how =
      source.encoding === 'plain'
        ? ''
        : ` (${source.encoding === 'url-encoded' ? 'URL-encoded' : `${source.encoding}-encoded`})`;
    return `${argument} holds the secret ${source.secret}${how}`;
  }
  const verb =
    source.method === 'tools/call'
      ? 'returned by'
      : source.method === 'resources/read'
        ? 'read from'
        : 'given by prompt';
  const time = source.at.slice(11, 16);
  return `${argument} holds ${flow.length.toLocaleString('en-US')} characters ${verb} ${source.server}/${source.name} at ${time} UTC (${source.dataClass} data)`;
}

/** The flows as one sentence, at most three named. */
export function describeFlows(flows: readonly Flow[]): string {
  if (flows.length === 0) return '';
  const named = flows.slice(0, 3).map(describeFlow);
  const more = flows.length > 3 ? `; and ${flows.length - 3} more` : '';
  const text = named.join('; ') + more;
  return text.charAt(0).toUpperCase() + text.slice(1) + '.';
}
