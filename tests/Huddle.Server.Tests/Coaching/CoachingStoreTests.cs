using Huddle.Core.Coaching;
using Huddle.Server.Tests.Infrastructure;
using Huddle.Storage.Coaching;
using Huddle.Storage.Postgres;
using Huddle.Storage.Sqlite;
using Npgsql;

namespace Huddle.Server.Tests.Coaching;

/// <summary>What the coaching store promises, checked on SQLite and on a real PostgreSQL server.</summary>
public abstract class CoachingStoreTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Nine = new(2026, 6, 1, 9, 0, 0, TimeSpan.Zero);

    protected AccountSqlStore Accounts { get; set; } = null!;

    protected CoachingSqlStore Sessions { get; set; } = null!;

    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();

    [Fact]
    public async Task CreateAccount_SameEmailTwice_SecondIsRefused()
    {
        var account = await NewAccountAsync("dup@example.com");

        Assert.False(await Accounts.CreateAsync(account with { Id = Guid.NewGuid() }, default));

        var found = await Accounts.FindByEmailAsync("dup@example.com", default);
        Assert.Equal(account.Id, found!.Id);
        Assert.Equal([AccountRoles.Client], found.Roles);
    }

    [Fact]
    public async Task AddRole_IsIdempotent_AndUnknownAccountIsReported()
    {
        var account = await NewAccountAsync();

        Assert.True(await Accounts.AddRoleAsync(account.Id, AccountRoles.Coach, default));
        Assert.True(await Accounts.AddRoleAsync(account.Id, AccountRoles.Coach, default));
        Assert.False(await Accounts.AddRoleAsync(Guid.NewGuid(), AccountRoles.Coach, default));

        Assert.Equal([AccountRoles.Client, AccountRoles.Coach], (await Accounts.FindAsync(account.Id, default))!.Roles);
        Assert.Contains(await Accounts.ListCoachesAsync(default), c => c.Id == account.Id);
    }

    [Fact]
    public async Task RemoveRole_IsIdempotent_TakesTheCoachOffTheDirectory_AndUnknownAccountIsReported()
    {
        var coach = await NewCoachAsync();

        Assert.True(await Accounts.RemoveRoleAsync(coach.Id, AccountRoles.Coach, default));
        Assert.True(await Accounts.RemoveRoleAsync(coach.Id, AccountRoles.Coach, default));
        Assert.False(await Accounts.RemoveRoleAsync(Guid.NewGuid(), AccountRoles.Coach, default));

        Assert.Equal([AccountRoles.Client], (await Accounts.FindAsync(coach.Id, default))!.Roles);
        Assert.DoesNotContain(await Accounts.ListCoachesAsync(default), c => c.Id == coach.Id);
    }

    [Fact]
    public async Task SearchAccounts_MatchesEmailOrNameCaseInsensitively_NewestFirst_WithRoles()
    {
        var old = await NewAccountAsync("ada@example.com", "Ada Lovelace", Nine.AddDays(-2));
        var mid = await NewAccountAsync("grace@navy.example", "Grace LOVELACE", Nine.AddDays(-1));
        var other = await NewAccountAsync("alan@example.org", "Alan", Nine);
        await Accounts.AddRoleAsync(mid.Id, AccountRoles.Coach, default);

        var byName = await Accounts.SearchAccountsAsync("lovelace", 50, default);
        var byEmail = await Accounts.SearchAccountsAsync("EXAMPLE.ORG", 50, default);
        var newest = await Accounts.SearchAccountsAsync("", 2, default);

        Assert.Equal([mid.Id, old.Id], byName.Select(a => a.Id));
        Assert.Equal([AccountRoles.Client, AccountRoles.Coach], byName[0].Roles);
        Assert.Equal([other.Id], byEmail.Select(a => a.Id));
        Assert.Equal([other.Id, mid.Id], newest.Select(a => a.Id));
    }

    [Fact]
    public async Task SearchAccounts_TreatsLikeWildcardsAsPlainCharacters()
    {
        var percent = await NewAccountAsync(name: "100% sure", createdAt: Nine);
        var underscore = await NewAccountAsync(name: "a_b", createdAt: Nine);
        var backslash = await NewAccountAsync(name: @"back\slash", createdAt: Nine);
        await NewAccountAsync(name: "100 sure axb", createdAt: Nine);

        Assert.Equal([percent.Id], (await Accounts.SearchAccountsAsync("%", 50, default)).Select(a => a.Id));
        Assert.Equal([underscore.Id], (await Accounts.SearchAccountsAsync("a_b", 50, default)).Select(a => a.Id));
        Assert.Equal([backslash.Id], (await Accounts.SearchAccountsAsync(@"\", 50, default)).Select(a => a.Id));
    }

    [Fact]
    public async Task ReplaceSecurityStamp_OnlyFromTheExpectedStamp_AndWithTheHashWhenGiven()
    {
        var account = await NewAccountAsync();

        Assert.False(await Accounts.ReplaceSecurityStampAsync(account.Id, "not-the-stamp", "stamp-2", "hash-2", default));
        var unchanged = await Accounts.FindAsync(account.Id, default);
        Assert.True(await Accounts.ReplaceSecurityStampAsync(account.Id, account.SecurityStamp, "stamp-2", null, default));
        var signedOut = await Accounts.FindAsync(account.Id, default);
        Assert.True(await Accounts.ReplaceSecurityStampAsync(account.Id, "stamp-2", "stamp-3", "hash-3", default));
        var changed = await Accounts.FindAsync(account.Id, default);

        Assert.Equal((account.SecurityStamp, "hash"), (unchanged!.SecurityStamp, unchanged.PasswordHash));
        Assert.Equal(("stamp-2", "hash"), (signedOut!.SecurityStamp, signedOut.PasswordHash));
        Assert.Equal(("stamp-3", "hash-3"), (changed!.SecurityStamp, changed.PasswordHash));
        Assert.False(await Accounts.ReplaceSecurityStampAsync(Guid.NewGuid(), "stamp-3", "stamp-4", null, default));
    }

    [Fact]
    public async Task CoachProfile_RoundTripsAvailability()
    {
        var coach = await NewCoachAsync();
        var doc = new AvailabilityDocument("America/New_York", [new WindowDocument(1, "09:00", "12:00")],
            [new ExceptionDocument("2026-12-25", [])]);

        await Accounts.SaveCoachProfileAsync(coach.Id, doc.ToDomain(), "Career coach", default);
        var profile = await Accounts.FindCoachAsync(coach.Id, default);

        Assert.Equal("Career coach", profile!.Bio);
        Assert.Equal(doc.Serialize(), AvailabilityDocument.Of(profile.Availability).Serialize());
    }

    [Fact]
    public async Task Book_OverlappingTheCoachsSession_IsRefusedByTheDatabase()
    {
        var coach = await NewCoachAsync();
        await BookAsync(coach.Id, (await NewAccountAsync()).Id, Nine, 60);

        var clash = await Sessions.BookAsync(Session(coach.Id, (await NewAccountAsync()).Id, Nine.AddMinutes(30), 60), null, default);
        var adjacent = await Sessions.BookAsync(Session(coach.Id, (await NewAccountAsync()).Id, Nine.AddMinutes(60), 30), null, default);

        Assert.Equal(BookingResult.CoachBusy, clash.Result);
        Assert.Equal(BookingResult.Booked, adjacent.Result);
    }

    [Fact]
    public async Task Book_OverlappingTheClientsSession_IsRefused()
    {
        var client = await NewAccountAsync();
        await BookAsync((await NewCoachAsync()).Id, client.Id, Nine, 60);

        var clash = await Sessions.BookAsync(Session((await NewCoachAsync()).Id, client.Id, Nine.AddMinutes(45), 30), null, default);

        Assert.Equal(BookingResult.ClientBusy, clash.Result);
    }

    [Fact]
    public async Task Book_ManyConcurrentForOneSlot_ExactlyOneWins()
    {
        var coach = await NewCoachAsync();
        var clients = new List<Account>();
        for (var i = 0; i < 20; i++) clients.Add(await NewAccountAsync());

        var results = await Task.WhenAll(clients.Select(c => Task.Run(() => Sessions.BookAsync(Session(coach.Id, c.Id, Nine, 60), null, default))));

        Assert.Single(results, r => r.Result == BookingResult.Booked);
        Assert.All(results.Where(r => r.Result != BookingResult.Booked), r => Assert.Equal(BookingResult.CoachBusy, r.Result));
        Assert.Single(await Sessions.BusyAsync(coach.Id, Nine, Nine.AddHours(1), default));
    }

    [Fact]
    public async Task Book_CancelledSessionFreesTheSlot()
    {
        var coach = await NewCoachAsync();
        var client = await NewAccountAsync();
        var first = await BookAsync(coach.Id, client.Id, Nine, 60);
        var cancel = first.Cancel(new CoachingActor(client.Id, false), "ill", null, false, Nine.AddDays(-3), new CoachingPolicy());
        Assert.True(await Sessions.TransitionAsync(cancel, default));

        var again = await Sessions.BookAsync(Session(coach.Id, (await NewAccountAsync()).Id, Nine, 60), null, default);

        Assert.Equal(BookingResult.Booked, again.Result);
        Assert.Empty(await Sessions.BusyAsync(coach.Id, Nine.AddHours(1), Nine.AddHours(2), default));
    }

    [Fact]
    public async Task Book_WithAnIdempotencyKey_ReplaysTheFirst_AndADifferentRequestIsReported()
    {
        var coach = await NewCoachAsync();
        var client = await NewAccountAsync();
        var session = Session(coach.Id, client.Id, Nine, 60);
        var key = new IdempotencyKey(client.Id, "key-1", "hash-a");

        var first = await Sessions.BookAsync(session, key, default);
        var retry = await Sessions.BookAsync(session with { Id = Guid.NewGuid() }, key, default);
        var reused = await Sessions.BookAsync(Session(coach.Id, client.Id, Nine.AddHours(3), 60), key with { RequestHash = "hash-b" }, default);

        Assert.Equal(BookingResult.Booked, first.Result);
        Assert.Equal(BookingResult.Replayed, retry.Result);
        Assert.Equal(session.Id, retry.Session!.Id);
        Assert.Equal(BookingResult.KeyReused, reused.Result);
        Assert.Single(await Sessions.ListAsync(client.Id, default));
        Assert.Equal(("hash-a", session.Id), (await Sessions.FindIdempotentAsync(client.Id, "key-1", default)) is { } f ? (f.RequestHash, f.Session.Id) : default);
    }

    [Fact]
    public async Task Transition_StoresTheNewState_WithItsAudit_AndAStaleVersionLoses()
    {
        var coach = await NewCoachAsync();
        var client = await NewAccountAsync();
        var booked = await BookAsync(coach.Id, client.Id, Nine, 60);
        var coachActor = new CoachingActor(coach.Id, false);
        var start = booked.Start(coachActor, Nine, new CoachingPolicy());

        Assert.True(await Sessions.TransitionAsync(start, default));
        Assert.False(await Sessions.TransitionAsync(booked.Cancel(coachActor, "late", null, false, Nine, new CoachingPolicy()), default));
        var started = (await Sessions.GetAsync(booked.Id, default))!;
        var complete = started.Complete(coachActor, new CompletionInput("Notes", null, null, ["One", "Two"]), Nine.AddHours(1));
        Assert.True(await Sessions.TransitionAsync(complete, default));

        var stored = (await Sessions.GetAsync(booked.Id, default))!;
        Assert.Equal(CoachingStatus.Completed, stored.Status);
        Assert.Equal(3, stored.Version);
        Assert.Equal(["One", "Two"], stored.ActionItems);
        Assert.Equal(Nine, stored.StartedAt);
        var audit = await Sessions.AuditAsync(booked.Id, default);
        Assert.Equal(["book", "start", "complete"], audit.Select(a => a.Action));
        Assert.Equal((CoachingStatus?)CoachingStatus.InProgress, audit[2].From);
        Assert.Equal(coach.Id, audit[2].ActorId);
    }

    [Fact]
    public async Task Cancellation_RoundTripsWithItsFee()
    {
        var client = await NewAccountAsync();
        var booked = await BookAsync((await NewCoachAsync()).Id, client.Id, Nine, 60);
        var cancel = booked.Cancel(new CoachingActor(client.Id, false), "Sick", "illness", true, Nine.AddHours(-2),
            new CoachingPolicy { LateCancellationFeeCents = 1234 });

        await Sessions.TransitionAsync(cancel, default);

        var stored = (await Sessions.GetAsync(booked.Id, default))!;
        Assert.Equal(new Cancellation("Sick", CoachingParty.Client, 1234, "illness", true), stored.Cancellation);
        Assert.Equal(Nine.AddHours(-2), stored.CancelledAt);
    }

    private async Task<CoachingSession> BookAsync(Guid coachId, Guid clientId, DateTimeOffset at, int minutes)
    {
        var session = Session(coachId, clientId, at, minutes);
        Assert.Equal(BookingResult.Booked, (await Sessions.BookAsync(session, null, default)).Result);
        return session;
    }

    private static CoachingSession Session(Guid coachId, Guid clientId, DateTimeOffset at, int minutes) => new()
    {
        Id = Guid.NewGuid(), Title = "Session", ScheduledAt = at, DurationMinutes = minutes,
        CoachId = coachId, ClientId = clientId, CreatedAt = at.AddDays(-7),
    };

    private async Task<Account> NewAccountAsync(string? email = null, string name = "Someone", DateTimeOffset? createdAt = null)
    {
        var account = new Account(Guid.NewGuid(), email ?? $"{Guid.NewGuid():N}@example.com", name, "hash",
            [AccountRoles.Client], $"stamp-{Guid.NewGuid():N}", createdAt ?? Nine.AddYears(-1));
        Assert.True(await Accounts.CreateAsync(account, default));
        return account;
    }

    private async Task<Account> NewCoachAsync()
    {
        var account = await NewAccountAsync();
        await Accounts.AddRoleAsync(account.Id, AccountRoles.Coach, default);
        return account;
    }
}

/// <summary>Booking overloads the tests use: the audit entry is always the client's "book".</summary>
internal static class CoachingStoreExtensions
{
    public static Task<BookingOutcome> BookAsync(this CoachingSqlStore store, CoachingSession s, IdempotencyKey? key, CancellationToken ct) =>
        store.BookAsync(s, new(s.Id, s.CreatedAt, s.ClientId, CoachingParty.Client, null, CoachingStatus.Scheduled, "book", null), key, ct);
}

public sealed class SqliteCoachingStoreTests : CoachingStoreTests
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("huddle-coaching-");

    public override async Task InitializeAsync()
    {
        var connectionString = $"Data Source={Path.Combine(_dir.FullName, "h.db")}";
        using var migrator = new SqliteSessionStore(connectionString);
        await migrator.MigrateAsync(default);
        var db = new SqliteCoachingDb(connectionString);
        Accounts = new AccountSqlStore(db);
        Sessions = new CoachingSqlStore(db);
    }

    public override Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _dir.Delete(recursive: true);
        return Task.CompletedTask;
    }
}

public sealed class PostgresCoachingStoreTests : CoachingStoreTests
{
    private NpgsqlDataSource _db = null!;

    public override async Task InitializeAsync()
    {
        _db = NpgsqlDataSource.Create(await (await PostgresCluster.GetAsync()).CreateDatabaseAsync());
        await new PostgresMigrator(_db).MigrateAsync(default);
        var db = new PostgresCoachingDb(_db);
        Accounts = new AccountSqlStore(db);
        Sessions = new CoachingSqlStore(db);
    }

    public override async Task DisposeAsync() => await _db.DisposeAsync();
}
