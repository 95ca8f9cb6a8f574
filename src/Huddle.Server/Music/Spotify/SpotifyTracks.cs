using System.Collections.Concurrent;
using Huddle.Core.Catalog;

namespace Huddle.Server.Music.Spotify;

/// <summary>
/// The Spotify tracks searches returned, so the catalog can resolve their <c>sp:</c> ids when one is
/// queued through the normal add path (votes and limits apply as to any song). A lookup, not a listed
/// source: Spotify tracks never appear in the library or the recommender of sessions that did not search
/// them. Bounded; the oldest are forgotten first (a queued song keeps its own copy of title and artist).
/// </summary>
public sealed class SpotifyTracks : ISongLookup
{
    internal const int Capacity = 5000;

    private readonly ConcurrentDictionary<string, Song> _songs = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();

    public Song? Find(string id) => _songs.GetValueOrDefault(id);

    public void Remember(SpotifyTrack track)
    {
        var song = new Song(track.SongId, track.Title, track.Artist, track.Album, track.Year, "Spotify", track.DurationSeconds);
        if (_songs.TryAdd(song.Id, song)) _order.Enqueue(song.Id);
        else _songs[song.Id] = song;
        while (_songs.Count > Capacity && _order.TryDequeue(out var oldest)) _songs.TryRemove(oldest, out _);
    }
}
