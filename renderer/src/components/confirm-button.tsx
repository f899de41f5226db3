/**
 * A button for something that cannot be undone: the first press asks, inline, and only the
 * second (a separate "confirm" button) acts. Inline rather than window.confirm so it is styled,
 * reachable by keyboard and testable by role.
 */
import { useEffect, useRef, useState } from 'react';

/** A button that asks inline before an action that cannot be undone. */
export function ConfirmButton({
  label,
  accessibleName,
  question,
  confirmLabel,
  onConfirm,
  disabled,
}: {
  /** The first button's text, such as "Remove". */
  label: string;
  /** The first button's full name for assistive technology, such as "Remove github". */
  accessibleName?: string;
  /** What pressing confirm will do, such as "Remove server github?". */
  question: string;
  confirmLabel: string;
  onConfirm: () => void | Promise<void>;
  disabled?: boolean;
}) {
  const [asking, setAsking] = useState(false);
  const cancel = useRef<HTMLButtonElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const wasAsking = useRef(false);
  // Focus lands on Cancel (Enter pressed twice must not destroy anything), and back on the opener
  // when the question closes, so keyboard users keep their place.
  useEffect(() => {
    if (asking) cancel.current?.focus();
    else if (wasAsking.current) opener.current?.focus();
    wasAsking.current = asking;
  }, [asking]);

  if (!asking) {
    return (
      <button
        type="button"
        ref={opener}
        aria-label={accessibleName}
        disabled={disabled}
        onClick={() => setAsking(true)}
      >
        {label}
      </button>
    );
  }
  return (
    <span
      className="confirm"
      role="group"
      aria-label={question}
      onKeyDown={(event) => {
        if (event.key === 'Escape') setAsking(false);
      }}
    >
      <span className="confirm-question">{question}</span>
      <button
        type="button"
        className="danger"
        onClick={() => {
          setAsking(false);
          void onConfirm();
        }}
      >
        {confirmLabel}
      </button>
      <button type="button" ref={cancel} onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  );
}
