import { useEffect, useId, useRef, type ReactNode } from 'react';

/**
 * A bottom sheet on a phone, a side drawer on a wider screen: a native modal <dialog>, so the
 * browser traps focus (the page behind is inert), Esc closes it, and focus returns to the button
 * that opened it.
 */
export function Sheet({ title, open, onClose, children }: { title: string; open: boolean; onClose: () => void; children: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  const headingId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog ref={ref} className="sheet" aria-labelledby={headingId} onClose={onClose}
      onClick={(e) => { if (e.target === ref.current) onClose(); }}>
      {/* The dialog itself has no padding: a click on it (not on this box) is a click on the backdrop. */}
      <div className="sheet-inner">
        <div className="sheet-head">
          <h2 id={headingId}>{title}</h2>
          <button type="button" className="icon-button" aria-label={`Close ${title.toLowerCase()}`} onClick={onClose}>✕</button>
        </div>
        {open && children}
      </div>
    </dialog>
  );
}
