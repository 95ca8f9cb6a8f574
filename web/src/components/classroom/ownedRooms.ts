import { auth, call } from '../../coaching/api';
import type { CreatedSession, SettingsPatch } from '../../types';

/** One of "My rooms" (GET /api/classrooms/mine): a classroom the signed-in account created. */
export type OwnedRoom = {
  id: string; code: string; title: string; status: 'active' | 'ended';
  createdAt: number; endedAt: number | null; questions: number; joinUrl: string;
};

/** Teachers who own their rooms (docs/classroom.md): REST calls with the signed-in account's token. */
export const ownedRooms = {
  signedIn: () => auth.get() !== null,
  create: (body: { hostName?: string; title?: string; settings?: SettingsPatch; defaultBlockedWords?: boolean }) =>
    call<CreatedSession>('/api/classrooms', { method: 'POST', json: body }),
  mine: () => call<OwnedRoom[]>('/api/classrooms/mine'),
  /** A new host token for this device; the one stored elsewhere stops working. */
  reopen: (code: string) => call<CreatedSession>(`/api/classrooms/${encodeURIComponent(code)}/reopen`, { method: 'POST', json: {} }),
};

/** The list line under a room's title: its code, state and size, e.g. "FEAJHR · active · 12 questions". */
export function roomLine(room: OwnedRoom): string {
  const questions = room.questions === 1 ? '1 question' : `${room.questions} questions`;
  return `${room.code} · ${room.status === 'active' ? 'active' : 'ended'} · ${questions}`;
}
