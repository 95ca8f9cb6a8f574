import { useState } from 'react';
import { api } from '../api';
import { useToast } from '../toasts';

export function SharePanel({ code, qrShown = false }: { code: string; qrShown?: boolean }) {
  const toast = useToast();
  const [showQr, setShowQr] = useState(qrShown);
  const link = `${location.origin}/join/${code}`;
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(link);
      toast('Link copied');
    } catch {
      window.prompt('Copy this link', link);
    }
  };
  return (
    <section className="card share" aria-labelledby="share-heading">
      <h2 id="share-heading">Invite</h2>
      <p className="big-code" aria-label={`Session code ${code.split('').join(' ')}`}>{code}</p>
      <p className="muted break">{link}</p>
      <div className="row">
        <button type="button" className="button" onClick={copy}>Copy link</button>
        <button type="button" className="button ghost" aria-expanded={showQr} onClick={() => setShowQr((s) => !s)}>
          {showQr ? 'Hide QR code' : 'Show QR code'}
        </button>
      </div>
      {showQr && <img className="qr" src={api.qrUrl(code)} alt={`QR code linking to ${link}`} width={180} height={180} />}
    </section>
  );
}
