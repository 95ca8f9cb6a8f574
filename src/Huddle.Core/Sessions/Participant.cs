namespace Huddle.Core.Sessions;

public sealed class Participant
{
    internal Participant(string id, string name, string tokenHash, long joinedAt, string? deviceHash = null)
    {
        Id = id;
        Name = name;
        TokenHash = tokenHash;
        DeviceHash = deviceHash;
        JoinedAt = joinedAt;
        LastSeenAt = joinedAt;
    }

    public string Id { get; }

    public string Name { get; }

    /// <summary>SHA-256 of the participant token: the token itself is never stored.</summary>
    public string TokenHash { get; internal set; }

    /// <summary>Hash of the browser's device id (salted with the session id), if it sent one: what a ban also refuses.</summary>
    public string? DeviceHash { get; }

    public Role Role { get; internal set; }

    public long JoinedAt { get; }

    /// <summary>True while at least one connection of this participant is open.</summary>
    public bool Present { get; internal set; }

    /// <summary>When presence last changed; the host grace period counts from here.</summary>
    public long LastSeenAt { get; internal set; }

    /// <summary>Left explicitly (as opposed to a dropped connection that may come back).</summary>
    public bool Left { get; internal set; }

    /// <summary>Removed by the host, and banned from joining again until the host lifts it.</summary>
    public bool Kicked { get; internal set; }
}

public sealed record SongRef(string CatalogId, string Title, string Artist, string Genre, int DurationSeconds);

public sealed class QueueItem
{
    private readonly Dictionary<string, int> _votes = new(StringComparer.Ordinal);

    internal QueueItem(string itemId, SongRef song, string addedById, string addedByName, long addedAt, long sequence)
    {
        Sequence = sequence;
        ItemId = itemId;
        Song = song;
        AddedById = addedById;
        AddedByName = addedByName;
        AddedAt = addedAt;
    }

    public string ItemId { get; }

    public SongRef Song { get; }

    public string AddedById { get; }

    public string AddedByName { get; }

    public long AddedAt { get; }

    /// <summary>Order of arrival in the session: breaks ties between items added in the same millisecond.</summary>
    public long Sequence { get; }

    /// <summary>When (in the session's placement order) a moderator pinned it; pinned items stay first. Null: not pinned.</summary>
    public long? PinnedAt { get; internal set; }

    /// <summary>When (in the session's placement order) a moderator moved it to the top; the latest move goes first.</summary>
    public long? MovedAt { get; internal set; }

    public bool Pinned => PinnedAt is not null;

    public int Upvotes { get; private set; }

    public int Downvotes { get; private set; }

    public int Score => Upvotes - Downvotes;

    public IReadOnlyDictionary<string, int> Votes => _votes;

    public int VoteOf(string participantId) => _votes.GetValueOrDefault(participantId);

    internal void SetVote(string participantId, int value)
    {
        var old = VoteOf(participantId);
        if (old == 1) Upvotes--;
        if (old == -1) Downvotes--;
        if (value == 0)
        {
            _votes.Remove(participantId);
            return;
        }

        _votes[participantId] = value;
        if (value == 1) Upvotes++;
        else Downvotes++;
    }

    /// <summary>Seed 004's order: score descending, then time added ascending (arrival order breaks exact ties).</summary>
    public static int CompareForQueue(QueueItem a, QueueItem b)
    {
        var byScore = b.Score.CompareTo(a.Score);
        if (byScore != 0) return byScore;
        var byTime = a.AddedAt.CompareTo(b.AddedAt);
        return byTime != 0 ? byTime : a.Sequence.CompareTo(b.Sequence);
    }
}

/// <summary>Playback on the server's clock: clients compute the live position from it.</summary>
public sealed record PlaybackState(bool IsPlaying, double PositionSeconds, long UpdatedAt)
{
    public double PositionAt(long now) =>
        IsPlaying ? PositionSeconds + Math.Max(0, now - UpdatedAt) / 1000.0 : PositionSeconds;
}

public sealed record NowPlaying(QueueItem Item, PlaybackState Playback, long StartedAt);

public sealed record PlayedItem(QueueItem Item, int FinalScore, long PlayedAt);

/// <summary>The host is away since <c>Since</c> (Unix ms); the role passes on at <c>HandoverAt</c>, or never (null).</summary>
public sealed record HostAbsence(long Since, long? HandoverAt);
