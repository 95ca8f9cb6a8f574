using System.Globalization;
using System.Text;
using Huddle.Core.Sessions;

namespace Huddle.Core.Tests.Support;

/// <summary>
/// Builds a session the way the service does: a command decides events, the test commits them
/// as the next version. Participant ids are "p_" + lower-cased name, their token hash is derived
/// from the id, and an item's id is "i_" + its song id, so tests read without bookkeeping.
/// </summary>
internal sealed class JamBuilder
{
    public const string HostId = "p_hana";
    public const string HostName = "Hana";
    public static readonly Guid SessionId = new("5f1d0c1e-8a0b-4c1e-9a55-000000000001");

    private readonly List<Commit> _commits = [];

    private JamBuilder(Session session, HuddleLimits limits)
    {
        Session = session;
        Limits = limits;
    }

    public Session Session { get; }

    public HuddleLimits Limits { get; }

    /// <summary>Every commit so far: the session's log.</summary>
    public IReadOnlyList<Commit> Commits => _commits;

    /// <summary>A created session whose host has connected (present), at time <paramref name="at"/>.</summary>
    public static JamBuilder Create(
        SettingsPatch? settings = null, HuddleLimits? limits = null, SessionKind kind = SessionKind.Jam, long at = 0)
    {
        limits ??= new HuddleLimits();
        var session = new Session(limits);
        var validSettings = SessionSettings.Defaults(limits).With(settings ?? new SettingsPatch(), limits);
        var jam = new JamBuilder(session, limits);
        jam.Do(Session.Create(SessionId, "ABCDEF", kind, "Friday jam", validSettings, HostId, HostName, TokenHash(HostId), at), at);
        jam.Rejoin(HostId, at);
        return jam;
    }

    public static string IdOf(string name) => "p_" + name.ToLowerInvariant();

    public static string TokenHash(string participantId) => "hash-of-" + participantId;

    public static string ItemOf(string songId) => "i_" + songId;

    public static SongRef Song(string songId, string genre = "Rock", string artist = "Some Band", int durationSeconds = 180) =>
        new(songId, "Title " + songId, artist, genre, durationSeconds);

    /// <summary>Commits the events as the next version (an empty list commits nothing, like the service).</summary>
    public IReadOnlyList<SessionEvent> Do(IReadOnlyList<SessionEvent> events, long at = 0)
    {
        if (events.Count == 0) return events;
        var commit = new Commit(Session.Version + 1, at, events);
        Session.Apply(commit);
        _commits.Add(commit);
        return events;
    }

    public string Join(string name, long at = 0)
    {
        var id = IdOf(name);
        Do(Session.Join(name, null, id, TokenHash(id), at, out var participantId), at);
        Assert.Equal(id, participantId);
        return id;
    }

    /// <summary>Reconnects a known participant with their token.</summary>
    public IReadOnlyList<SessionEvent> Rejoin(string participantId, long at = 0) =>
        Do(Session.Join(null, TokenHash(participantId), "p_unused", "hash-unused", at, out _), at);

    public IReadOnlyList<SessionEvent> Disconnect(string participantId, long at = 0) =>
        Do(Session.SetPresence(participantId, false, at), at);

    public string Add(string actorId, string songId, long at = 0, string genre = "Rock", string artist = "Some Band", int durationSeconds = 180)
    {
        var itemId = ItemOf(songId);
        Do(Session.AddToQueue(actorId, Song(songId, genre, artist, durationSeconds), itemId, at), at);
        return itemId;
    }

    public void Vote(string actorId, string itemId, int value) => Do(Session.Vote(actorId, itemId, value));

    public IReadOnlyList<SessionEvent> PlayNext(long at = 0, string actorId = HostId) => Do(Session.PlayNext(actorId, at), at);

    public void MakeModerator(string participantId) => Do(Session.SetRole(HostId, participantId, Role.Moderator));

    public IReadOnlyList<string> QueueIds() => Session.Queue.Select(i => i.ItemId).ToList();

    /// <summary>Everything observable about the session, to prove a command changed nothing.</summary>
    public static string Snapshot(Session s)
    {
        var b = new StringBuilder();
        b.Append(CultureInfo.InvariantCulture, $"v{s.Version} {s.Status} host={s.HostId} settings={s.Settings} ended={s.EndedAt}/{s.EndReason}\n");
        foreach (var p in s.Participants)
            b.Append(CultureInfo.InvariantCulture, $"P {p.Id} {p.Name} {p.Role} present={p.Present} left={p.Left} kicked={p.Kicked} device={p.DeviceHash} seen={p.LastSeenAt}\n");
        foreach (var i in s.Queue)
            b.Append(CultureInfo.InvariantCulture, $"Q {i.ItemId} {i.Song} +{i.Upvotes} -{i.Downvotes} by {i.AddedById} at {i.AddedAt} pin={i.PinnedAt} moved={i.MovedAt} votes={string.Join(',', i.Votes.OrderBy(v => v.Key, StringComparer.Ordinal))}\n");
        if (s.NowPlaying is { } n)
            b.Append(CultureInfo.InvariantCulture, $"N {n.Item.ItemId} {n.Playback} {n.StartedAt} score={n.Item.Score}\n");
        foreach (var h in s.History)
            b.Append(CultureInfo.InvariantCulture, $"H {h.Item.ItemId} {h.FinalScore} {h.PlayedAt}\n");
        b.Append("skip=").AppendJoin(',', s.SkipVotes.Order(StringComparer.Ordinal)).Append('\n');
        return b.ToString();
    }
}

internal static class HuddleAssert
{
    /// <summary>The command is rejected with <paramref name="code"/> and the session is left exactly as it was.</summary>
    public static HuddleException Rejects(Session session, string code, Action command)
    {
        var before = JamBuilder.Snapshot(session);
        var error = Assert.Throws<HuddleException>(command);
        Assert.Equal(code, error.Code);
        Assert.Equal(before, JamBuilder.Snapshot(session));
        return error;
    }
}
