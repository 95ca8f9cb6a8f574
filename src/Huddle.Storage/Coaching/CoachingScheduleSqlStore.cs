using System.Globalization;
using Dapper;
using Huddle.Core.Coaching;

namespace Huddle.Storage.Coaching;

/// <summary>
/// Rescheduling and coach rules in SQL shared by both providers. A move is one UPDATE guarded by the
/// version and the status; the new slot's overlaps are refused by the database (the 0009 trigger on
/// SQLite, the exclusion constraints on PostgreSQL), exactly as for a booking.
/// </summary>
public sealed class CoachingScheduleSqlStore(CoachingDb db, IStoreMetrics? metrics = null) : ICoachingScheduleStore
{
    private readonly StoreCalls _calls = new(metrics, "coaching.");

    public Task<RescheduleOutcome> RescheduleAsync(CoachingTransition transition, IdempotencyKey? key, CancellationToken ct) => _calls.Run<RescheduleOutcome>(async () =>
    {
        var s = transition.After;
        try
        {
            await using var c = await db.OpenAsync(ct);
            await using var tx = await db.BeginWriteAsync(c, ct);
            if (key is not null && await CoachingSqlStore.FindKeyAsync(c, tx, key.AccountId, key.Key, ct) is { } earlier)
                return Outcome(earlier, key);
            var moved = await c.ExecuteAsync(new CommandDefinition("""
                UPDATE coaching_sessions SET starts_at = @StartsAt, ends_at = @EndsAt, version = version + 1, reschedule_fee_cents = @Fee
                WHERE id = @Id AND version = @Expected AND status = 'scheduled'
                """, new
            {
                Id = CoachingDb.Id(s.Id), Expected = transition.Before.Version, StartsAt = s.ScheduledAt.ToUnixTimeMilliseconds(),
                EndsAt = s.EndsAt.ToUnixTimeMilliseconds(), Fee = s.RescheduleFeeCents,
            }, tx, cancellationToken: ct));
            if (moved == 0) return new(RescheduleResult.Stale, null);
            await CoachingSqlStore.InsertAuditAsync(c, tx, transition.Audit, ct);
            if (key is not null) await CoachingSqlStore.InsertKeyAsync(c, tx, key, s.Id, transition.Audit.At, ct);
            await tx.CommitAsync(ct);
            return new(RescheduleResult.Rescheduled, s with { Version = transition.Before.Version + 1 });
        }
        catch (Exception e) when (db.ClassifyConflict(e) is { } conflict)
        {
            // A concurrent request with the same key may have won: then this one is its retry.
            if (key is not null && await FindKeyAsync(key, ct) is { } winner) return Outcome(winner, key);
            return new(conflict == BookingResult.CoachBusy ? RescheduleResult.CoachBusy : RescheduleResult.ClientBusy, null);
        }
    });

    public Task<CoachRules> RulesAsync(Guid coachId, CancellationToken ct) => _calls.Run<CoachRules>(async () =>
    {
        await using var c = await db.OpenAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<RulesRow>(new CommandDefinition("""
            SELECT late_reschedule AS LateReschedule, min_notice_minutes AS MinNoticeMinutes, buffer_before_minutes AS BufferBeforeMinutes,
                   buffer_after_minutes AS BufferAfterMinutes, max_sessions_per_day AS MaxSessionsPerDay, horizon_days AS HorizonDays,
                   lengths AS Lengths
            FROM coach_rules WHERE coach_id = @Id
            """, new { Id = CoachingDb.Id(coachId) }, cancellationToken: ct));
        return row?.ToDomain() ?? CoachRules.Default;
    });

    public Task SaveRulesAsync(Guid coachId, CoachRules rules, DateTimeOffset at, CancellationToken ct) => _calls.Run(async () =>
    {
        await using var c = await db.OpenAsync(ct);
        await c.ExecuteAsync(new CommandDefinition("""
            INSERT INTO coach_rules (coach_id, late_reschedule, min_notice_minutes, buffer_before_minutes, buffer_after_minutes,
                                     max_sessions_per_day, horizon_days, lengths, updated_at)
            VALUES (@Id, @Late, @Notice, @Before, @After, @PerDay, @Horizon, @Lengths, @At)
            ON CONFLICT (coach_id) DO UPDATE SET late_reschedule = excluded.late_reschedule, min_notice_minutes = excluded.min_notice_minutes,
                buffer_before_minutes = excluded.buffer_before_minutes, buffer_after_minutes = excluded.buffer_after_minutes,
                max_sessions_per_day = excluded.max_sessions_per_day, horizon_days = excluded.horizon_days, lengths = excluded.lengths,
                updated_at = excluded.updated_at
            """, new
        {
            Id = CoachingDb.Id(coachId), Late = CoachRuleNames.Of(rules.LateReschedule), Notice = rules.MinNoticeMinutes,
            Before = rules.BufferBeforeMinutes, After = rules.BufferAfterMinutes, PerDay = rules.MaxSessionsPerDay, Horizon = rules.HorizonDays,
            Lengths = string.Join(',', rules.Lengths.Select(l => l.ToString(CultureInfo.InvariantCulture))), At = at.ToUnixTimeMilliseconds(),
        }, cancellationToken: ct));
    });

    public Task<IReadOnlyList<CoachingSession>> OverdueAsync(DateTimeOffset endedBy, int max, CancellationToken ct) => _calls.Run<IReadOnlyList<CoachingSession>>(async () =>
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<CoachingSqlStore.SessionRow>(new CommandDefinition($"""
            SELECT {CoachingSqlStore.SessionColumns} FROM coaching_sessions
            WHERE status IN ('scheduled', 'in_progress') AND ends_at <= @EndedBy ORDER BY ends_at LIMIT @Max
            """, new { EndedBy = endedBy.ToUnixTimeMilliseconds(), Max = max }, cancellationToken: ct));
        return rows.Select(r => r.ToDomain()).ToList();
    });

    private async Task<(string RequestHash, CoachingSession Session)?> FindKeyAsync(IdempotencyKey key, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await CoachingSqlStore.FindKeyAsync(c, null, key.AccountId, key.Key, ct);
    }

    private sealed class RulesRow
    {
        public string LateReschedule { get; set; } = "";

        public long MinNoticeMinutes { get; set; }

        public long BufferBeforeMinutes { get; set; }

        public long BufferAfterMinutes { get; set; }

        public long MaxSessionsPerDay { get; set; }

        public long HorizonDays { get; set; }

        public string Lengths { get; set; } = "";

        public CoachRules ToDomain() => new(CoachRuleNames.ParseLateReschedule(LateReschedule))
        {
            MinNoticeMinutes = (int)MinNoticeMinutes, BufferBeforeMinutes = (int)BufferBeforeMinutes, BufferAfterMinutes = (int)BufferAfterMinutes,
            MaxSessionsPerDay = (int)MaxSessionsPerDay, HorizonDays = (int)HorizonDays,
            Lengths = [.. Lengths.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(l => int.Parse(l, CultureInfo.InvariantCulture))],
        };
    }

    private static RescheduleOutcome Outcome((string RequestHash, CoachingSession Session) earlier, IdempotencyKey key) =>
        new(earlier.RequestHash == key.RequestHash ? RescheduleResult.Replayed : RescheduleResult.KeyReused, earlier.Session);
}
