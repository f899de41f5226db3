/**
 * Where text in a call's arguments came from, as the data-flow guard found it: one line per flow
 * ("`body` holds 1,212 characters returned by files/read_text_file at 10:32") and the argument's
 * text with the matched spans highlighted. Shown on approval cards and audit records.
 */
import { useId } from 'react';
import { argumentName, valueAtPointer, type Flow } from '../../../shared/contracts/flow.js';

/** Long arguments are shown up to this many characters around the first match. */
const SHOWN_CHARS = 2400;

/** The provenance of a call's arguments; `args` is the value, or stored JSON text. */
export function FlowProvenance({ flows, args }: { flows: readonly Flow[]; args: unknown }) {
  const headingId = useId();
  const value = parsed(args);
  return (
    <section className="flow-provenance" aria-labelledby={headingId}>
      <h3 id={headingId}>Where the arguments came from</h3>
      <ul>
        {flows.map((flow, index) => (
          <li key={index}>
            <p className="flow-sentence">{sentence(flow)}</p>
            <HighlightedArgument flow={flow} text={valueAtPointer(value, flow.argument)} />
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The sentence for one flow, with the time in the person's own time zone. */
export function sentence(flow: Flow): string {
  const argument = argumentName(flow.argument);
  const source = flow.source;
  if (source.kind === 'secret') {
    const how = source.encoding === 'plain' ? '' : ` (${source.encoding})`;
    return `The argument \`${argument}\` holds the secret ${source.secret}${how}.`;
  }
  const verb =
    source.method === 'tools/call'
      ? 'returned by'
      : source.method === 'resources/read'
        ? 'read from'
        : 'given by prompt';
  const time = new Date(source.at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  return `The argument \`${argument}\` holds ${flow.length.toLocaleString()} characters ${verb} ${source.server}/${source.name} at ${time} (${source.dataClass} data).`;
}

function HighlightedArgument({ flow, text }: { flow: Flow; text: unknown }) {
  if (typeof text !== 'string') return null;
  if (flow.source.kind === 'secret')
    return <p className="muted">The value is not shown: it holds a secret.</p>;
  const spans = flow.spans
    .map(([start, end]) => [Math.min(start, text.length), Math.min(end, text.length)] as const)
    .filter(([start, end]) => end > start);
  if (spans.length === 0) return null;
  const from = Math.max(0, spans[0]![0] - 200);
  const to = Math.min(text.length, from + SHOWN_CHARS);
  const parts: { text: string; marked: boolean }[] = [];
  let at = from;
  for (const [start, end] of spans) {
    if (start >= to) break;
    if (start > at) parts.push({ text: text.slice(at, start), marked: false });
    parts.push({ text: text.slice(Math.max(start, at), Math.min(end, to)), marked: true });
    at = Math.min(end, to);
  }
  if (at < to) parts.push({ text: text.slice(at, to), marked: false });
  return (
    <pre
      className="flow-text"
      tabIndex={0}
      aria-label={`Text of ${argumentName(flow.argument)}, matched part highlighted`}
    >
      {from > 0 && '…'}
      {parts.map((part, index) =>
        part.marked ? <mark key={index}>{part.text}</mark> : <span key={index}>{part.text}</span>,
      )}
      {to < text.length && '…'}
    </pre>
  );
}

function parsed(args: unknown): unknown {
  if (typeof args !== 'string') return args;
  try {
    return JSON.parse(args);
  } catch {
    return undefined;
  }
}
