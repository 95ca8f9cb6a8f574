using Dapper;
using Huddle.Core.Coaching;

namespace Huddle.Storage.Coaching;

/// <summary>
/// Recurring series in SQL shared by both providers: every occurrence inserted (or changed) in one
/// transaction, so the database's overlap refusal (the 0004/0009 triggers on SQLite, the exclusion
/// constraints on PostgreSQL) for any occurrence books none of them.
/// </summary>
public sealed class CoachingSeriesSqlStore(CoachingDb db, IStoreMetrics? metrics = null) : ICoachingSeriesStore
{
    private readonly StoreCalls _calls = new(metrics, "coaching.");

    public Task<SeriesOutcome> BookSeriesAsync(
        IReadOnlyList<CoachingSession> sessions, IReadOnlyList<CoachingAudit> audits, IdempotencyKey? key, CancellationToken ct) => _calls.Run<SeriesOutcome>(async () =>
    {
        try
        {
            await using var c = await db.OpenAsync(ct);
            await using var tx = await db.BeginWriteAsync(c, ct);
            if (key is not null && await CoachingSqlStore.FindKeyAsync(c, tx, key.AccountId, key.Key, ct) is { } earlier)
                return await OutcomeAsync(earlier, key, ct);
            foreach (var s in sessions) await CoachingSqlStore.InsertSessionAsync(c, tx, s, ct);
            foreach (var a in audits) await CoachingSqlStore.InsertAuditAsync(c, tx, a, ct);
            if (key is not null) await CoachingSqlStore.InsertKeyAsync(c, tx, key, sessions[0].Id, sessions[0].CreatedAt, ct);
            await tx.CommitAsync(ct);
            return new(BookingResult.Booked, sessions);
        }
        // A deadlock with another overlapping series: PostgreSQL aborts one of the two, which lost the slot.
        catch (Exception e) when ((db.ClassifyConflict(e) ?? (db.IsDeadlock(e) ? BookingResult.CoachBusy : null)) is { } conflict)
        {
            // A concurrent request with the same key may have won: then this one is its retry.
            if (key is not null && await FindKeyAsync(key, ct) is { } winner) return await OutcomeAsync(winner, key, ct);
            return new(conflict, []);
        }
    });

    public Task<IReadOnlyList<CoachingSession>> SeriesAsync(Guid seriesId, CancellationToken ct) => _calls.Run<IReadOnlyList<CoachingSession>>(async () =>
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<CoachingSqlStore.SessionRow>(new CommandDefinition(
            $"SELECT {CoachingSqlStore.SessionColumns} FROM coaching_sessions WHERE series_id = @Id ORDER BY starts_at",
            new { Id = CoachingDb.Id(seriesId) }, cancellationToken: ct));
        return [.. rows.Select(r => r.ToDomain())];
    });

    public Task<bool> TransitionAllAsync(IReadOnlyList<CoachingTransition> transitions, CancellationToken ct) => _calls.Run<bool>(async () =>
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await db.BeginWriteAsync(c, ct);
        foreach (var t in transitions)
        {
            // Disposing the transaction uncommitted rolls back the ones already written.
            if (!await CoachingSqlStore.ApplyAsync(c, tx, t, ct)) return false;
        }

        await tx.CommitAsync(ct);
        return true;
    });

    private async Task<(string RequestHash, CoachingSession Session)?> FindKeyAsync(IdempotencyKey key, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await CoachingSqlStore.FindKeyAsync(c, null, key.AccountId, key.Key, ct);
    }

    private async Task<SeriesOutcome> OutcomeAsync((string RequestHash, CoachingSession Session) earlier, IdempotencyKey key, CancellationToken ct) =>
        earlier.RequestHash == key.RequestHash && earlier.Session.SeriesId is { } series
            ? new(BookingResult.Replayed, await SeriesAsync(series, ct))
            : new(BookingResult.KeyReused, []);
}
