import { AUTO_DJ_ID, type PersonRef } from '../types';

/** "Picked by Huddle" for the auto-DJ's songs, else who added it ("you" for your own); the name is isolated user text. */
export function AddedBy({ item, me }: { item: { addedBy: PersonRef }; me: string }) {
  if (item.addedBy.participantId === AUTO_DJ_ID) return <>Picked by Huddle</>;
  return <>added by {item.addedBy.participantId === me ? 'you' : <bdi>{item.addedBy.name}</bdi>}</>;
}
