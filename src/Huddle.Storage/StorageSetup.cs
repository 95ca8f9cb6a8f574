using Huddle.Core.Application;
using Huddle.Core.Catalog;
using Huddle.Core.Coaching;
using Huddle.Storage.Coaching;
using Huddle.Storage.Music;
using Huddle.Storage.Postgres;
using Huddle.Storage.Redis;
using Huddle.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Huddle.Storage;

/// <summary>
/// Every store port of one database, built once from <see cref="StorageOptions"/>: SQLite (one
/// process, presence in memory) or PostgreSQL (any number of nodes: shared presence rows, and one
/// LISTEN connection for other nodes' commits and coaching notices; with <see cref="BusOptions"/>
/// on Redis, commits and limits go through Redis instead). Nothing else picks the provider.
/// </summary>
public sealed class HuddleDatabase : IAsyncDisposable
{
    private readonly IAsyncDisposable[] _owned;

    private HuddleDatabase(params IAsyncDisposable[] owned) => _owned = owned;

    public required ISessionStore Sessions { get; init; }

    public required IPresenceStore Presence { get; init; }

    public required IClassroomStore Classroom { get; init; }

    public required IMigrator Migrator { get; init; }

    public required IMusicIndex Music { get; init; }

    public required IPlaylistStore Playlists { get; init; }

    public required ICommitNotices CommitNotices { get; init; }

    public required IAccountStore Accounts { get; init; }

    public required ICoachingStore Coaching { get; init; }

    public required ICoachingScheduleStore CoachingSchedule { get; init; }

    public required ICoachingSeriesStore CoachingSeries { get; init; }

    public required ICoachingRelay CoachingRelay { get; init; }

    public required IMailOutbox MailOutbox { get; init; }

    public required ICalendarFeedStore CalendarFeeds { get; init; }

    /// <summary>The limits' counters: in memory on SQLite (one node), shared rows on PostgreSQL.</summary>
    public required ILimitStore Limits { get; init; }

    public required IWebhookStore Webhooks { get; init; }

    public required ICoachCalendarStore CoachCalendars { get; init; }

    public static HuddleDatabase Open(StorageOptions options, BusOptions bus, EngineOptions engine, IStoreMetrics metrics, TimeProvider time, ILoggerFactory logs) =>
        options.IsPostgres ? Postgres(options.EffectiveConnectionString, bus, engine, metrics, time, logs) : Sqlite(options.EffectiveConnectionString, metrics, time);

    public async ValueTask DisposeAsync()
    {
        foreach (var owned in _owned) await owned.DisposeAsync();
    }

    private static HuddleDatabase Sqlite(string connectionString, IStoreMetrics metrics, TimeProvider time)
    {
        var sessions = new SqliteSessionStore(connectionString, metrics, time);
        var coaching = new SqliteCoachingDb(connectionString);
        return new HuddleDatabase
        {
            Sessions = sessions, Classroom = sessions, Migrator = sessions,
            Presence = new LocalPresenceStore(),
            Music = SqlMusicIndex.Sqlite(connectionString),
            Playlists = SqlPlaylistStore.Sqlite(connectionString),
            CommitNotices = new NoCommitNotices(),
            Accounts = new AccountSqlStore(coaching, metrics, time),
            Coaching = new CoachingSqlStore(coaching, metrics),
            CoachingSchedule = new CoachingScheduleSqlStore(coaching, metrics),
            CoachingSeries = new CoachingSeriesSqlStore(coaching, metrics),
            CoachingRelay = new NoCoachingRelay(),
            MailOutbox = new MailOutboxSqlStore(coaching, metrics),
            CalendarFeeds = new CalendarFeedSqlStore(coaching, metrics),
            Limits = new LocalLimitStore(),
            Webhooks = new WebhookSqlStore(coaching, metrics),
            CoachCalendars = new CoachCalendarSqlStore(coaching, metrics),
        };
    }

    private static HuddleDatabase Postgres(
        string connectionString, BusOptions busOptions, EngineOptions engine, IStoreMetrics metrics, TimeProvider time, ILoggerFactory logs)
    {
        var nodeId = engine.NodeId;
        var db = NpgsqlDataSource.Create(WithAutoPrepare(connectionString));
        var coaching = new PostgresCoachingDb(db);
        var relay = new PostgresCoachingRelay(db, nodeId);
        var listener = new PostgresCommitNotices(db, nodeId, logs.CreateLogger<PostgresCommitNotices>(), relay, commits: !busOptions.IsRedis);
        var bus = busOptions.IsRedis
            ? new RedisBus(busOptions.Redis.Configuration!, nodeId, listener, engine.HeartbeatInterval, engine.NodeExpiry, metrics, logs.CreateLogger<RedisBus>())
            : null;
        return new HuddleDatabase(bus is null ? [db] : [bus, db])
        {
            Sessions = new PostgresSessionStore(db, nodeId, metrics, bus is null ? null : bus.Publish),
            Presence = new PostgresPresenceStore(db, metrics),
            Classroom = new PostgresClassroomStore(db, metrics),
            Migrator = new PostgresMigrator(db),
            Music = SqlMusicIndex.Postgres(db),
            Playlists = SqlPlaylistStore.Postgres(db),
            CommitNotices = bus is null ? listener : bus,
            Accounts = new AccountSqlStore(coaching, metrics, time),
            Coaching = new CoachingSqlStore(coaching, metrics),
            CoachingSchedule = new CoachingScheduleSqlStore(coaching, metrics),
            CoachingSeries = new CoachingSeriesSqlStore(coaching, metrics),
            CoachingRelay = relay,
            MailOutbox = new MailOutboxSqlStore(coaching, metrics),
            CalendarFeeds = new CalendarFeedSqlStore(coaching, metrics),
            Limits = bus is null ? new PostgresLimitStore(db, nodeId, metrics) : new RedisLimitStore(bus),
            Webhooks = new WebhookSqlStore(coaching, metrics),
            CoachCalendars = new CoachCalendarSqlStore(coaching, metrics),
        };
    }

    /// <summary>
    /// Huddle sends the same few statements all day (the commit, presence, heartbeats), so Npgsql
    /// prepares them unless the operator chose otherwise in the connection string (for example
    /// <c>Max Auto Prepare=0</c> behind a pooler that cannot keep prepared statements).
    /// </summary>
    private static string WithAutoPrepare(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase)) builder.MaxAutoPrepare = 32;
        return builder.ConnectionString;
    }
}

public static class StorageSetup
{
    /// <summary>
    /// Registers every store port from one <see cref="HuddleDatabase"/>, opened on first use from the
    /// validated <see cref="StorageOptions"/> and <see cref="EngineOptions"/> singletons the host registers.
    /// The host may register an <see cref="IStoreMetrics"/> to count failed calls.
    /// </summary>
    public static IServiceCollection AddHuddleStorage(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IStoreMetrics, NoStoreMetrics>();
        services.TryAddSingleton(new BusOptions());
        services.AddSingleton(sp => HuddleDatabase.Open(
            sp.GetRequiredService<StorageOptions>(), sp.GetRequiredService<BusOptions>(), sp.GetRequiredService<EngineOptions>(),
            sp.GetRequiredService<IStoreMetrics>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton(sp => sp.GetRequiredService<HuddleDatabase>().Sessions);
        services.AddSingleton(sp => sp.GetRequiredService<HuddleDatabase>().Presence);
        services.AddSingleton(sp => sp.GetRequiredService<HuddleDatabase>().Classroom);
        services.AddSingleton(sp => sp.GetRequiredService<HuddleDatabase>().Migrator);
        services.AddSingleton(sp => sp.GetRequiredService<HuddleDatabase>().Music);
        services.AddSingleton(sp => sp.GetRequiredService<HuddleDatabase>().Playlists);
        services.AddSingleton(sp => sp.GetRequiredService<HuddleDatabase>().CommitNotices);
        services.AddSingleton(sp => sp.GetRequiredService<HuddleDatabase>().Accounts);
        services.AddSingleton(sp => sp.GetRequiredService<HuddleDatabase>().Coaching);
        services.AddSingleton(sp => sp.GetRequiredService<HuddleDatabase>().CoachingSchedule);
        services.AddSingleton(sp => sp.GetRequiredService<HuddleDatabase>().CoachingSeries);
        services.AddSingleton(sp => sp.GetRequiredService<HuddleDatabase>().CoachingRelay);
        services.AddSingleton(sp => sp.GetRequiredService<HuddleDatabase>().MailOutbox);
        services.AddSingleton(sp => sp.GetRequiredService<HuddleDatabase>().CalendarFeeds);
        // Try: a host may bring its own (Redis when Bus:Provider=Redis, a test's failing store).
        services.TryAddSingleton(sp => sp.GetRequiredService<HuddleDatabase>().Limits);
        services.AddSingleton(sp => sp.GetRequiredService<HuddleDatabase>().Webhooks);
        services.AddSingleton(sp => sp.GetRequiredService<HuddleDatabase>().CoachCalendars);
        return services;
    }

    private sealed class NoStoreMetrics : IStoreMetrics
    {
        public void StoreFailed(string operation)
        {
        }
    }
}
