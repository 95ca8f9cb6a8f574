import { useState } from 'react';

/**
 * A destructive button that asks first: pressed once, it becomes the question with a confirm and a
 * Cancel (focused, so Enter on a second press cannot confirm by accident).
 */
export function ConfirmButton({ label, name, question, confirm, onConfirm, className = 'button small danger', disabled = false }: {
  label: string; name?: string; question: string; confirm: string; onConfirm: () => void; className?: string; disabled?: boolean;
}) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return <button type="button" className={className} disabled={disabled} aria-label={name} onClick={() => setAsking(true)}>{label}</button>;
  }
  return (
    <span className="confirm" role="group" aria-label={question}>
      <span className="confirm-question">{question}</span>
      <button type="button" className="button small" autoFocus onClick={() => setAsking(false)}>Cancel</button>
      <button type="button" className="button small danger" onClick={() => { setAsking(false); onConfirm(); }}>{confirm}</button>
    </span>
  );
}
