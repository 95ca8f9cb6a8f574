using Dapper;
using Huddle.Core.Coaching;

namespace Huddle.Storage.Coaching;

/// <summary>A coach's own video link and external busy calendars, in SQL shared by both providers (migration 0016).</summary>
public sealed class CoachCalendarSqlStore(CoachingDb db, IStoreMetrics? metrics = null) : ICoachCalendarStore
{
    private const string Columns = """
        id AS Id, coach_id AS CoachId, url AS Url, created_at AS CreatedAt, last_attempt_at AS LastAttemptAt,
        last_success_at AS LastSuccessAt, last_error AS LastError, busy_count AS BusyCount
        """;

    private readonly StoreCalls _calls = new(metrics, "coach_calendars.");

    public Task<string?> MeetingLinkAsync(Guid coachId, CancellationToken ct) => _calls.Run(async () =>
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT url FROM coach_meeting_links WHERE coach_id = @Id", new { Id = CoachingDb.Id(coachId) }, cancellationToken: ct));
    });

    public Task SetMeetingLinkAsync(Guid coachId, string? url, DateTimeOffset at, CancellationToken ct) => _calls.Run(async () =>
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteAsync(new CommandDefinition(url is null
            ? "DELETE FROM coach_meeting_links WHERE coach_id = @Id"
            : """
              INSERT INTO coach_meeting_links (coach_id, url, updated_at) VALUES (@Id, @Url, @At)
              ON CONFLICT (coach_id) DO UPDATE SET url = excluded.url, updated_at = excluded.updated_at
              """, new { Id = CoachingDb.Id(coachId), Url = url, At = at.ToUnixTimeMilliseconds() }, cancellationToken: ct));
    });

    public Task<bool> AddBusyCalendarAsync(BusyCalendar calendar, int maxPerCoach, CancellationToken ct) => _calls.Run<bool>(async () =>
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await db.BeginWriteAsync(c, ct);
        var coach = CoachingDb.Id(calendar.CoachId);
        var count = await c.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM coach_busy_calendars WHERE coach_id = @Coach", new { Coach = coach }, tx, cancellationToken: ct));
        if (count >= maxPerCoach) return false;
        await c.ExecuteAsync(new CommandDefinition(
            "INSERT INTO coach_busy_calendars (id, coach_id, url, created_at) VALUES (@Id, @Coach, @Url, @At)",
            new { Id = CoachingDb.Id(calendar.Id), Coach = coach, calendar.Url, At = calendar.CreatedAt.ToUnixTimeMilliseconds() }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return true;
    });

    public Task<IReadOnlyList<BusyCalendar>> BusyCalendarsAsync(Guid coachId, CancellationToken ct) => _calls.Run<IReadOnlyList<BusyCalendar>>(async () =>
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM coach_busy_calendars WHERE coach_id = @Coach ORDER BY created_at, id",
            new { Coach = CoachingDb.Id(coachId) }, cancellationToken: ct));
        return [.. rows.Select(r => r.ToDomain())];
    });

    public Task<bool> DeleteBusyCalendarAsync(Guid coachId, Guid id, CancellationToken ct) => _calls.Run<bool>(async () =>
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteAsync(new CommandDefinition(
            "DELETE FROM coach_busy_calendars WHERE id = @Id AND coach_id = @Coach",
            new { Id = CoachingDb.Id(id), Coach = CoachingDb.Id(coachId) }, cancellationToken: ct)) == 1;
    });

    public Task RecordFetchAsync(Guid id, BusyCalendarFetch fetch, CancellationToken ct) => _calls.Run(async () =>
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteAsync(new CommandDefinition("""
            UPDATE coach_busy_calendars SET last_attempt_at = @At, last_error = @Error, busy_count = @Count,
                last_success_at = CASE WHEN @Error IS NULL THEN @At ELSE last_success_at END
            WHERE id = @Id
            """, new { Id = CoachingDb.Id(id), At = fetch.At.ToUnixTimeMilliseconds(), fetch.Error, Count = fetch.BusyCount }, cancellationToken: ct));
    });

    private sealed class Row
    {
        public string Id { get; set; } = "";

        public string CoachId { get; set; } = "";

        public string Url { get; set; } = "";

        public long CreatedAt { get; set; }

        public long? LastAttemptAt { get; set; }

        public long? LastSuccessAt { get; set; }

        public string? LastError { get; set; }

        public long? BusyCount { get; set; }

        public BusyCalendar ToDomain() => new(
            Guid.Parse(Id), Guid.Parse(CoachId), Url, DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt), Time(LastAttemptAt), Time(LastSuccessAt),
            LastError, BusyCount is { } n ? (int)n : null);

        private static DateTimeOffset? Time(long? ms) => ms is { } v ? DateTimeOffset.FromUnixTimeMilliseconds(v) : null;
    }
}
