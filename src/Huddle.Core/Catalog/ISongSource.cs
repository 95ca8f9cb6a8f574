namespace Huddle.Core.Catalog;

/// <summary>
/// A place songs come from: the embedded library, the music folder, later streaming services.
/// <see cref="SongCatalog"/> merges the sources; the queue, votes and sync only ever see song ids,
/// so a new source needs nothing from them.
/// </summary>
public interface ISongSource
{
    /// <summary>The songs as of now: an immutable list, replaced as a whole when the source changes.</summary>
    IReadOnlyList<Song> Songs { get; }

    /// <summary>Raised after <see cref="Songs"/> was replaced (e.g. a rescan). Handlers must be quick.</summary>
    event Action? Changed;

    /// <summary>The embedded cover art of one of this source's songs, or null when it has none (any more).</summary>
    SongCover? ReadCover(Song song);
}

/// <summary>Cover art bytes and their media type (image/jpeg, image/png…).</summary>
public sealed record SongCover(byte[] Data, string MediaType);

/// <summary>A source whose songs never change: the embedded library, or a fixed list in tests and benchmarks.</summary>
public sealed class FixedSongSource(IEnumerable<Song> songs) : ISongSource
{
    public IReadOnlyList<Song> Songs { get; } = songs.ToList();

    public event Action? Changed
    {
        add { }
        remove { }
    }

    public SongCover? ReadCover(Song song) => null;
}
