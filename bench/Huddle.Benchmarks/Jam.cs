using Huddle.Core.Catalog;
using Huddle.Core.Sessions;

namespace Huddle.Benchmarks;

/// <summary>
/// Builds jam sessions the way the service does (a command decides events, the next version
/// commits them), without storage or clocks. Participant i is "p_i"; the host is p_0.
/// </summary>
internal static class Jam
{
    public static readonly HuddleLimits Limits = new();

    private static readonly string[] Genres =
    [
        "Blues", "Classical", "Country", "Electronic", "Folk", "Funk", "Hip-Hop", "Indie",
        "Jazz", "Latin", "Metal", "Pop", "R&B", "Reggae", "Rock", "Soul",
    ];

    public static string Id(int participant) => $"p_{participant}";

    /// <summary>A synthetic library: plausible spread of genres, artists and albums.</summary>
    public static SongCatalog Catalog(int songs) => new(Enumerable.Range(0, songs).Select(i => new Song(
        $"x{i:D5}", $"Title {i}", $"Artist {i * 7919 % (songs / 8 + 1)}", $"Album {i % (songs / 3 + 1)}",
        1960 + i % 64, Genres[i * 31 % Genres.Length], 120 + i % 360)));

    /// <summary>
    /// A jam with <paramref name="participants"/> present participants, <paramref name="played"/> songs
    /// in history (plus one playing), and <paramref name="queued"/> queued songs with scattered votes.
    /// </summary>
    public static Session Create(int participants, int queued, int played, SongCatalog catalog, int seed = 7)
    {
        var random = new Random(seed);
        var session = new Session(Limits);
        void Do(IReadOnlyList<SessionEvent> events)
        {
            if (events.Count > 0) session.Apply(new Commit(session.Version + 1, 0, events));
        }

        var settings = SessionSettings.Defaults(Limits) with { MaxParticipants = Math.Max(2, participants) };
        Do(Session.Create(Guid.NewGuid(), "BENCH2", SessionKind.Jam, "bench", settings, Id(0), "host", "hash-0", 0));
        Do(session.SetPresence(Id(0), true, 0));
        for (var i = 1; i < participants; i++) Do(session.Join($"guest {i}", null, Id(i), $"hash-{i}", i, out _));

        var songs = catalog.Songs.OrderBy(_ => random.Next()).Take(queued + played + 1).ToList();
        var next = 0;
        SongRef Next()
        {
            var s = songs[next++];
            return new SongRef(s.Id, s.Title, s.Artist, s.Genre, s.DurationSeconds);
        }

        // History first: add and play one song at a time.
        for (var h = 0; h <= played; h++)
        {
            Do(session.AddToQueue(Id(h % participants), Next(), $"q_h{h}", 1000 + h));
            Do(session.PlayNext(Id(0), 1000 + h));
        }

        for (var q = 0; q < queued; q++) Do(session.AddToQueue(Id(q % participants), Next(), $"q_{q}", 2000 + q));
        foreach (var item in session.Queue.ToList())
        {
            for (var v = 0; v < Math.Min(participants, 5); v++) Do(session.Vote(Id(random.Next(participants)), item.ItemId, random.Next(3) - 1));
        }

        return session;
    }
}
