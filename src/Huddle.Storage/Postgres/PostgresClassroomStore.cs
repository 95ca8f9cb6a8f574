using Huddle.Core.Application;
using Huddle.Storage.Classroom;
using Npgsql;

namespace Huddle.Storage.Postgres;

/// <summary>Reads of the classroom tables that <see cref="PostgresSessionStore"/> keeps beside the log.</summary>
public sealed class PostgresClassroomStore(NpgsqlDataSource db, IStoreMetrics? metrics = null) : IClassroomStore
{
    private readonly StoreCalls _calls = new(metrics, "classroom.");

    public Task<IReadOnlyList<QuestionRow>> ExportQuestionsAsync(Guid sessionId, CancellationToken ct) => _calls.Run<IReadOnlyList<QuestionRow>>(async () =>
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await ClassroomProjection.ExportAsync(connection, SqlDialect.Postgres, sessionId, ct);
    });

    public Task<IReadOnlyList<PollAnswerRow>> ExportPollsAsync(Guid sessionId, CancellationToken ct) => _calls.Run<IReadOnlyList<PollAnswerRow>>(async () =>
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await ClassroomProjection.ExportPollsAsync(connection, SqlDialect.Postgres, sessionId, ct);
    });

    public Task<IReadOnlyList<OwnedClassroomRow>> ListOwnedAsync(Guid accountId, int limit, CancellationToken ct) => _calls.Run<IReadOnlyList<OwnedClassroomRow>>(async () =>
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await ClassroomProjection.ListOwnedAsync(connection, SqlDialect.Postgres, accountId, limit, ct);
    });
}
