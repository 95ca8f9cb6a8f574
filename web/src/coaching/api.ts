import { http, HttpError, type HttpOptions } from '../http';
import { formatWhen } from './zone';

export type Account = { id: string; email: string; name: string; roles: string[] };
export type Auth = { accessToken: string; expiresAt: string; account: Account };
export type Coach = { id: string; name: string; bio?: string | null; timeZone: string; nextFreeSlot?: Slot | null };
export type Window = { dayOfWeek: number; start: string; end: string };
export type DateException = { date: string; windows: { start: string; end: string }[] };
export type Availability = { coachId: string; timeZone: string; windows: Window[]; exceptions: DateException[]; bio?: string | null; lengths?: number[] | null };
export type Slot = { start: string; end: string };
export type Status = 'scheduled' | 'in_progress' | 'completed' | 'cancelled' | 'no_show' | 'missed';
export type CoachingSession = {
  id: string; code?: string | null; title: string; description?: string | null; scheduledAt: string; endsAt: string; durationMinutes: number;
  coach: { id: string; name: string }; client: { id: string; name: string }; status: Status;
  startedAt?: string | null; completedAt?: string | null; cancelledAt?: string | null;
  notes?: string | null; rating?: number | null; feedback?: string | null; actionItems?: string[] | null;
  cancellation?: { reason: string; by: string; feeCents: number; currency: string } | null; version: number;
  rescheduleFeeCents?: number; missedAt?: string | null;
  /** The recurring series it is an occurrence of (null: a single booking); the no-show fee charged, if any. */
  seriesId?: string | null; noShowFeeCents?: number;
  /** When starting succeeds (scheduled sessions only): the server's start rule. */
  startOpensAt?: string | null;
  /** The video link (the coach's own or the generated room), while scheduled or in progress; only GET /api/sessions/{id} has it. */
  meetingLink?: string | null;
};
/** A coach's external calendar as they see it: the address masked (its path is a secret), and how the last fetch went. */
export type BusyCalendar = {
  id: string; url: string; status: 'pending' | 'ok' | 'failing'; createdAt: string; lastAttemptAt?: string | null;
  lastSuccessAt?: string | null; lastError?: string | null; busyCount?: number | null;
};
export type CancellationPreview = { feeCents: number; currency: string; late: boolean; lateWindowHours: number; by: string };
export type ReschedulePreview = CancellationPreview & { allowed: boolean };
export type LateReschedule = 'fee' | 'refuse';
/** A coach's booking rules (docs/coaching.md, "Booking rules"): 0 or empty means no limit of that kind. */
export type CoachRules = {
  lateReschedule: LateReschedule; minNoticeMinutes: number; bufferBeforeMinutes: number; bufferAfterMinutes: number;
  maxSessionsPerDay: number; horizonDays: number; lengths: number[];
};
export type AuditEntry = { at: string; actorRole: string; from?: string | null; to: string; action: string; reason?: string | null };
export type AvailabilityChanged = { coachId: string; change: 'booked' | 'freed' | 'updated'; start?: string | null; end?: string | null };
export type BookingChanged = { version: number; session: CoachingSession };
/** The live room (docs/coaching.md, "Live room"): its people and the shared notes. */
export type RoomPerson = { participantId: string; name: string; role: string; present: boolean };
export type Notes = { text: string; updatedBy?: { participantId: string; name: string } | null; updatedAt?: number | null };
export type RoomSnapshot = { session: { version: number }; you: { participantId: string }; participants: RoomPerson[]; coachingRoom: { notes: Notes } };

/** The server's password rule (Huddle.Server.Coaching.PasswordRules), stated before the user types. */
export const passwordRule = '10 to 128 characters, not your e-mail address, and not a common password.';

const key = 'huddle.coaching.auth';
const listeners = new Set<() => void>();

/** The signed-in account and its JWT, kept in localStorage (dropped when expired). */
export const auth = {
  get(): Auth | null {
    try {
      const saved = JSON.parse(localStorage.getItem(key) ?? 'null') as Auth | null;
      return saved && Date.parse(saved.expiresAt) > Date.now() ? saved : null;
    } catch {
      return null;
    }
  },
  set(value: Auth | null) {
    if (value) localStorage.setItem(key, JSON.stringify(value));
    else localStorage.removeItem(key);
    listeners.forEach((l) => l());
  },
  subscribe(listener: () => void) {
    listeners.add(listener);
    return () => { listeners.delete(listener); };
  },
};

/**
 * A coaching REST call with the signed-in account's token. A 401 without a problem body is
 * `unauthenticated`; any 401 to a signed-in account means its token is gone (expired, revoked
 * by a password change): it is forgotten, and the screens show the sign-in form.
 */
export async function call<T>(path: string, options: HttpOptions & { idempotencyKey?: string } = {}): Promise<T> {
  const { idempotencyKey, headers, ...rest } = options;
  const token = auth.get()?.accessToken;
  try {
    return await http<T>(path, {
      ...rest,
      codeFor: (status) => (status === 401 ? 'unauthenticated' : 'internal_error'),
      headers: {
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...(idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : {}),
        ...headers,
      },
    });
  } catch (e) {
    if (token && e instanceof HttpError && e.status === 401) auth.set(null);
    throw e;
  }
}

const post = <T>(path: string, body?: unknown, idempotencyKey?: string) =>
  call<T>(path, { method: 'POST', json: body ?? {}, idempotencyKey });

export const coachingApi = {
  register: (email: string, password: string, name: string) => post<Auth>('/api/auth/register', { email, password, name }),
  login: (email: string, password: string) => post<Auth>('/api/auth/login', { email, password }),
  me: () => call<Account>('/api/auth/me'),
  /** Answers with a new token for this device; every earlier token (other devices too) stops working. */
  changePassword: (currentPassword: string, newPassword: string) => post<Auth>('/api/auth/password', { currentPassword, newPassword }),
  /** Revokes every token of the account, this one included. */
  logoutAll: () => post<void>('/api/auth/logout-all'),
  coaches: () => call<Coach[]>('/api/coaches'),
  coach: (id: string) => call<Availability>(`/api/coaches/${id}`),
  slots: (id: string, from: Date, to: Date, durationMinutes: number) =>
    call<Slot[]>(`/api/coaches/${id}/availability?from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to.toISOString())}&durationMinutes=${durationMinutes}`),
  myAvailability: () => call<Availability>('/api/coaches/me/availability'),
  setAvailability: (body: { timeZone: string; windows: Window[]; exceptions: DateException[]; bio?: string }) =>
    call<Availability>('/api/coaches/me/availability', { method: 'PUT', json: body }),
  book: (body: { title: string; description?: string; scheduledAt: string; durationMinutes: number; coachId: string }, idempotencyKey: string) =>
    post<CoachingSession>('/api/sessions/book', body, idempotencyKey),
  /** A recurring series, all or nothing: a clash anywhere is `series_clash` with `clashes` (see series.ts). */
  bookSeries: (body: { title: string; description?: string; scheduledAt: string; durationMinutes: number; coachId: string;
    frequency: 'weekly' | 'fortnightly'; count: number }, idempotencyKey: string) =>
    post<{ seriesId: string; sessions: CoachingSession[] }>('/api/sessions/book-series', body, idempotencyKey),
  /** This occurrence and the rest of its series; `expectedFeeCents` is the total shown. */
  cancelSeries: (id: string, reason: string, expectedFeeCents?: number) =>
    post<CoachingSession[]>(`/api/sessions/${id}/cancel-series`, { reason, expectedFeeCents }),
  mine: () => call<CoachingSession[]>('/api/sessions/mine'),
  session: (id: string) => call<CoachingSession>(`/api/sessions/${id}`),
  audit: (id: string) => call<AuditEntry[]>(`/api/sessions/${id}/audit`),
  start: (id: string) => post<CoachingSession>(`/api/sessions/${id}/start`),
  complete: (id: string, body: { notes?: string; rating?: number; feedback?: string; actionItems?: string[] }) =>
    post<CoachingSession>(`/api/sessions/${id}/complete`, body),
  cancellation: (id: string) => call<CancellationPreview>(`/api/sessions/${id}/cancellation`),
  /** expectedFeeCents: the fee the user was shown; the server refuses with fee_changed if it no longer applies. */
  cancel: (id: string, reason: string, expectedFeeCents?: number) => post<CoachingSession>(`/api/sessions/${id}/cancel`, { reason, expectedFeeCents }),
  reschedulePreview: (id: string) => call<ReschedulePreview>(`/api/sessions/${id}/reschedule`),
  /** Same id, new slot; the key makes a retried click move it once. */
  reschedule: (id: string, scheduledAt: string, expectedFeeCents: number, idempotencyKey: string) =>
    post<CoachingSession>(`/api/sessions/${id}/reschedule`, { scheduledAt, expectedFeeCents }, idempotencyKey),
  myRules: () => call<CoachRules>('/api/coaches/me/rules'),
  /** Replaces the whole rule set. */
  setRules: (rules: CoachRules) => call<CoachRules>('/api/coaches/me/rules', { method: 'PUT', json: rules }),
  meetingLink: () => call<{ url: string | null }>('/api/coaches/me/meeting-link'),
  /** Null or empty: sessions use the generated video room. */
  setMeetingLink: (url: string | null) => call<{ url: string | null }>('/api/coaches/me/meeting-link', { method: 'PUT', json: { url } }),
  busyCalendars: () => call<BusyCalendar[]>('/api/coaches/me/busy-calendars'),
  addBusyCalendar: (url: string) => post<BusyCalendar>('/api/coaches/me/busy-calendars', { url }),
  removeBusyCalendar: (id: string) => call<void>(`/api/coaches/me/busy-calendars/${id}`, { method: 'DELETE' }),
  noShow: (id: string) => post<CoachingSession>(`/api/sessions/${id}/no-show`),
  allSessions: () => call<CoachingSession[]>('/api/admin/coaching-sessions'),
  /** The admin's fee export (CSV) of the sessions starting in [from, to). */
  feesCsv: (from: string, to: string) =>
    call<Blob>(`/api/admin/coaching-fees.csv?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`, { as: 'blob' }),
  calendar: (id: string) => call<Blob>(`/api/sessions/${id}/calendar.ics`, { as: 'blob' }),
};

export const money = (cents: number, currency: string) =>
  new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(cents / 100);

/** "Wed 4 Mar, 11:00 CET": in the zone the viewer picked (zone.ts), with its name. */
export const when = (iso: string) => formatWhen(iso);

export const statusLabel: Record<Status, string> = {
  scheduled: 'Scheduled', in_progress: 'In progress', completed: 'Completed', cancelled: 'Cancelled',
  no_show: 'No-show', missed: 'Missed',
};
